package dev.rnn.checkpoint;

import static dev.rnn.checkpoint.RawSafeTensors.assertReadFails;
import static dev.rnn.checkpoint.RawSafeTensors.f32;
import static dev.rnn.checkpoint.RawSafeTensors.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can be missing, foreign, cut off or forged ends in a one-line CheckpointException. */
class SafeTensorsCorruptionTest {
    @TempDir
    Path dir;

    /** One valid F32 tensor entry {@code name} of shape [n] at [begin, begin + 4n). */
    private static String entry(String name, int n, long begin) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":[" + n + "],\"data_offsets\":[" + begin + ","
                + (begin + 4L * n) + "]}";
    }

    private Path fileWith(String header, byte[] data) throws Exception {
        return RawSafeTensors.write(dir, "x.safetensors", file(header, data));
    }

    private Path fileWithBytes(byte[] bytes) throws Exception {
        return RawSafeTensors.write(dir, "x.safetensors", bytes);
    }

    // ---- not there, not a file, not a checkpoint -------------------------------------------

    @Test
    void missingFile() {
        Path file = dir.resolve("runs").resolve("nope.safetensors");
        assertReadFails(file, "does not exist");
    }

    @Test
    void directory() {
        assertReadFails(dir, "directory");
    }

    @Test
    void emptyAndTooShortFiles() throws Exception {
        assertReadFails(fileWithBytes(new byte[0]), "not a safetensors checkpoint", "0 bytes");
        assertReadFails(fileWithBytes(new byte[] {1, 2, 3, 4, 5}), "not a safetensors checkpoint", "5 bytes");
    }

    @Test
    void textFile() throws Exception {
        Path file = fileWithBytes("First Citizen:\nBefore we proceed any further, hear me speak.\n"
                .getBytes(StandardCharsets.UTF_8));
        assertReadFails(file, "not a safetensors checkpoint");
    }

    @Test
    void absurdHeaderLengthFailsFastWithoutAllocating() throws Exception {
        long claimed = 1L << 62;
        Path file = fileWithBytes(RawSafeTensors.withLength(claimed, "{}".getBytes(StandardCharsets.UTF_8)));
        // allocating 2^62 bytes would throw OutOfMemoryError, which assertThrows would report
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertReadFails(file, "4611686018427387904", "not a safetensors checkpoint"));
    }

    @Test
    void headerLengthWithTopBitSetIsReadAsUnsigned() throws Exception {
        assertReadFails(fileWithBytes(RawSafeTensors.withLength(-1L, new byte[16])), "18446744073709551615");
    }

    @Test
    void headerLengthBeyondTheFileIsTruncation() throws Exception {
        long claimed = 60L << 20; // within the 64 MiB bound, beyond this file
        CheckpointException e = assertReadFails(fileWithBytes(RawSafeTensors.withLength(claimed, new byte[100])),
                "truncated", "claims " + claimed + " bytes", "only 100");
        assertTrue(e.getMessage().contains("best.safetensors"), e.getMessage());
    }

    @Test
    void headerJustOverTheLimit() throws Exception {
        long claimed = (64L << 20) + 1;
        assertReadFails(fileWithBytes(RawSafeTensors.withLength(claimed, new byte[8])), String.valueOf(claimed));
    }

    // ---- the header text ------------------------------------------------------------------

    @Test
    void emptyHeader() throws Exception {
        assertReadFails(fileWithBytes(RawSafeTensors.withLength(0, new byte[0])), "not a safetensors checkpoint",
                "empty");
    }

    @Test
    void headerThatIsNotAnObject() throws Exception {
        assertReadFails(fileWith("[1, 2]", new byte[0]), "not a safetensors checkpoint", "0x5b");
        assertReadFails(fileWith("\"text\"", new byte[0]), "not a safetensors checkpoint");
    }

    @Test
    void headerThatIsNotUtf8() throws Exception {
        byte[] bad = "{\"__metadata__\":{\"k\":\"?\"}}".getBytes(StandardCharsets.US_ASCII);
        bad[21] = (byte) 0xC3; // a lead byte followed by '"': malformed
        assertReadFails(fileWithBytes(RawSafeTensors.fileWithRawHeader(bad, new byte[0])), "not valid UTF-8");
        byte[] overlong = "{\"__metadata__\":{\"k\":\"??\"}}".getBytes(StandardCharsets.US_ASCII);
        overlong[21] = (byte) 0xC0; // C0 AF is an overlong '/'
        overlong[22] = (byte) 0xAF;
        assertReadFails(fileWithBytes(RawSafeTensors.fileWithRawHeader(overlong, new byte[0])), "not valid UTF-8");
    }

    @Test
    void headerThatIsNotJson() throws Exception {
        assertReadFails(fileWith("{\"w\": }", new byte[0]), "corrupt header", "not valid JSON", "line 1");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\"", new byte[0]), "corrupt header", "not valid JSON");
        assertReadFails(fileWith("{'w': 1}", new byte[0]), "corrupt header", "not valid JSON");
        assertReadFails(fileWith("{} {}", new byte[0]), "corrupt header", "more JSON after");
        assertReadFails(fileWith("{\"__metadata__\":{\"k\":NaN}}", new byte[0]), "corrupt header");
    }

    @Test
    void duplicateKeysAreRefused() throws Exception {
        assertReadFails(fileWith("{" + entry("w", 1, 0) + "," + entry("w", 1, 4) + "}", f32(1, 2)),
                "corrupt header", "Duplicate field 'w'");
        assertReadFails(fileWith("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", new byte[0]), "Duplicate field 'k'");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,4]}}",
                f32(1)), "Duplicate field 'dtype'");
    }

    @Test
    void jsonLimitsHold() throws Exception {
        String deep = "[".repeat(40) + "]".repeat(40);
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":" + deep + ",\"data_offsets\":[0,0]}}",
                new byte[0]), "corrupt header");
        String digits = "1".repeat(40);
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[" + digits + "],\"data_offsets\":[0,4]}}",
                f32(1)), "corrupt header", "Number value length");
    }

    @Test
    void metadataStringOverTheLimit() throws Exception {
        String huge = "x".repeat(Format.MAX_STRING_CHARS + 1);
        assertReadFails(fileWith("{\"__metadata__\":{\"k\":\"" + huge + "\"}}", new byte[0]), "corrupt header",
                "String value length");
    }

    @Test
    void tooManyTensors() throws Exception {
        StringBuilder header = new StringBuilder("{");
        for (int i = 0; i <= Format.MAX_TENSORS; i++) {
            header.append(i == 0 ? "" : ",").append("\"t").append(i)
                    .append("\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}");
        }
        assertReadFails(fileWith(header.append("}").toString(), new byte[0]), "more than 65536 tensors");
    }

    // ---- __metadata__ ---------------------------------------------------------------------

    @Test
    void metadataMustBeAnObjectOfStrings() throws Exception {
        assertReadFails(fileWith("{\"__metadata__\":\"vocab\"}", new byte[0]), "__metadata__", "a string");
        assertReadFails(fileWith("{\"__metadata__\":null}", new byte[0]), "__metadata__", "null");
        assertReadFails(fileWith("{\"__metadata__\":[]}", new byte[0]), "__metadata__", "an array");
        assertReadFails(fileWith("{\"__metadata__\":{\"hidden\":128}}", new byte[0]), "'hidden'", "an integer");
        assertReadFails(fileWith("{\"__metadata__\":{\"k\":{\"a\":\"b\"}}}", new byte[0]), "'k'", "an object");
    }

    // ---- tensor entries -------------------------------------------------------------------

    @Test
    void entryMustBeAnObjectWithExactlyTheThreeFields() throws Exception {
        assertReadFails(fileWith("{\"w\":[1]}", new byte[0]), "tensor 'w'", "an array");
        assertReadFails(fileWith("{\"w\":{\"shape\":[],\"data_offsets\":[0,4]}}", f32(1)), "tensor 'w' lacks dtype");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", f32(1)), "lacks shape");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[]}}", f32(1)), "lacks data_offsets");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":1}}", f32(1)),
                "unexpected field 'x'");
        assertReadFails(fileWith("{\"w\":{\"dtype\":32,\"shape\":[],\"data_offsets\":[0,4]}}", f32(1)),
                "dtype", "an integer");
    }

    @Test
    void unknownAndUnsupportedDtypes() throws Exception {
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'w'", "'F16'", "cannot read", "F32, F64, I32, I64, U8");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"Q7\",\"shape\":[],\"data_offsets\":[0,1]}}", new byte[1]),
                "'Q7'");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"f32\",\"shape\":[],\"data_offsets\":[0,4]}}", f32(1)),
                "'f32'");
    }

    @Test
    void shapeMustBeUpToEightNonNegativeIntegers() throws Exception {
        String[] bad = {"3", "\"3\"", "[-1]", "[2.5]", "[2.0]", "[true]", "[null]", "[[2]]",
            "[1,1,1,1,1,1,1,1,1]", "[" + (1L << 40) + "]", "[99999999999999999999]"};
        for (String shape : bad) {
            CheckpointException e = assertReadFails(fileWith(
                    "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,4]}}", f32(1)),
                    "tensor 'w'", "shape");
            assertTrue(e.getMessage().contains("corrupt header"), shape + ": " + e.getMessage());
        }
    }

    @Test
    void elementCountThatOverflowsLong() throws Exception {
        int big = Integer.MAX_VALUE - 8;
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"U8\",\"shape\":[" + big + "," + big + "," + big
                + "],\"data_offsets\":[0,1]}}", new byte[1]), "overflows");
    }

    @Test
    void elementCountBeyondTheDataSection() throws Exception {
        // offsets tile the 4-byte data section, the shape asks for 4,000,000 bytes
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[1000,1000],\"data_offsets\":[0,4]}}", f32(1)),
                "1000000 elements", "4-byte data section");
    }

    @Test
    void dataOffsetsMustBeTwoOrderedIntegersMatchingTheShape() throws Exception {
        String[] bad = {"4", "[0]", "[0,4,8]", "[-4,0]", "[0,4.0]", "[\"0\",\"4\"]", "[0,99999999999999999999]"};
        for (String offsets : bad) {
            assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets + "}}",
                    f32(1)), "tensor 'w'", "data_offsets");
        }
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", f32(1)),
                "[4, 0]", "begin <= end");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", f32(1)),
                "needs more bytes");
        assertReadFails(fileWith("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}", f32(1, 2)),
                "needs 4 bytes", "span 8");
    }

    // ---- the data section ----------------------------------------------------------------

    @Test
    void holeOverlapAndTrailingBytes() throws Exception {
        assertReadFails(fileWith("{" + entry("a", 1, 0) + "," + entry("b", 1, 8) + "}", f32(1, 2, 3)),
                "hole at bytes [4, 8)", "'b'");
        assertReadFails(fileWith("{" + entry("a", 2, 0) + "," + entry("b", 2, 4) + "}", f32(1, 2, 3)),
                "'a' and 'b' overlap");
        assertReadFails(fileWith("{" + entry("a", 1, 4) + "}", f32(1, 2)), "hole at bytes [0, 4)");
        assertReadFails(fileWith("{" + entry("a", 1, 0) + "}", f32(1, 2)), "4 unexpected bytes after");
        assertReadFails(fileWith("{}", f32(1)), "4 unexpected bytes after");
        assertReadFails(fileWith("{" + entry("a", 1, 0) + "," + entry("b", 1, 0) + "}", f32(1)), "overlap");
    }

    @Test
    void zeroSizeTensorsMayShareAnOffset() throws Exception {
        Path file = fileWith("{" + entry("a", 0, 4) + "," + entry("b", 1, 0) + "," + entry("c", 0, 4) + "}", f32(7));
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(3, read.tensors().size());
        assertEquals(7f, read.tensors().get("b").f32Data()[0]);
    }

    @Test
    void dataCutShortIsTruncation() throws Exception {
        CheckpointException e = assertReadFails(fileWith("{" + entry("w", 1024, 0) + "}", new byte[1024]),
                "is truncated", "promises 4096 bytes of tensor data but only 1024 follow");
        assertTrue(e.getMessage().contains("best.safetensors"), e.getMessage());
    }

    @Test
    void hostileNamesCannotBreakTheMessageLine() throws Exception {
        String name = "evil\nname\u001b[31m" + "x".repeat(500);
        CheckpointException e = assertReadFails(fileWith(
                "{\"" + name.replace("\n", "\\n").replace("\u001b", "\\u001b")
                        + "\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[0,2]}}", new byte[2]),
                "evil\\nname\\u001b[31m");
        assertTrue(e.getMessage().length() < 400, "message of " + e.getMessage().length() + " chars");
    }

    // ---- checksum ------------------------------------------------------------------------

    @Test
    void aFlippedDataByteFailsTheChecksum() throws Exception {
        Path file = dir.resolve("last.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.f32(new int[] {4}, new float[] {1, 2, 3, 4})), Map.of("a", "b"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x10;
        Files.write(file, bytes);

        CheckpointException e = assertReadFails(file, "failed its checksum", "the file is corrupt",
                "use an older checkpoint (e.g. best.safetensors) or retrain");
        assertTrue(e.getMessage().matches(".*stored crc32c:[0-9a-f]{8}, computed crc32c:[0-9a-f]{8}.*"),
                e.getMessage());
    }

    @Test
    void malformedChecksum() throws Exception {
        assertReadFails(fileWith("{\"__metadata__\":{\"checksum\":\"crc32c:XYZ\"}," + entry("w", 1, 0) + "}", f32(1)),
                "malformed checksum 'crc32c:XYZ'");
        assertReadFails(fileWith("{\"__metadata__\":{\"checksum\":\"md5:00\"}}", new byte[0]), "malformed checksum");
    }

    @Test
    void parseFailuresKeepTheirCause() throws Exception {
        CheckpointException e = assertReadFails(fileWith("{\"w\": }", new byte[0]), "not valid JSON");
        assertInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class, e.getCause());
    }
}
