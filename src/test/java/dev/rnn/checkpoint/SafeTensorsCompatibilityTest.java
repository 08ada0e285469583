package dev.rnn.checkpoint;

import static dev.rnn.checkpoint.RawSafeTensors.concat;
import static dev.rnn.checkpoint.RawSafeTensors.f32;
import static dev.rnn.checkpoint.RawSafeTensors.f64;
import static dev.rnn.checkpoint.RawSafeTensors.i32;
import static dev.rnn.checkpoint.RawSafeTensors.i64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are byte for byte what safetensors_io.py (json.dumps + space padding + sorted names) makes. */
class SafeTensorsCompatibilityTest {
    /** The vocab metadata value: json.dumps(["a", "𝔸", "\n", "\"", "\\", "\x01", "\x7f", "é"], ensure_ascii=False). */
    private static final String VOCAB = "[\"a\", \"𝔸\", \"\\n\", \"\\\"\", \"\\\\\", \"\\u0001\", \"\u007f\", \"é\"]";
    /** json.dumps(VOCAB, ensure_ascii=False), as Python printed it. */
    private static final String VOCAB_TOKEN =
            "\"[\\\"a\\\", \\\"𝔸\\\", \\\"\\\\n\\\", \\\"\\\\\\\"\\\", \\\"\\\\\\\\\\\", \\\"\\\\u0001\\\", \\\"\u007f\\\", \\\"é\\\"]\"";
    /** A value with raw control characters, and json.dumps of it (lowercase \\u escapes, '/' kept). */
    private static final String NOTE = "line1\nline2\t\u0001\u001f/é";
    private static final String NOTE_TOKEN = "\"line1\\nline2\\t\\u0001\\u001f/é\"";

    /** The tensor entries of the header, in sorted name order, unaligned offsets as numpy writes them. */
    private static final String ENTRIES = ""
            + "\"d\":{\"dtype\":\"F64\",\"shape\":[2,1],\"data_offsets\":[0,16]},"
            + "\"decoder.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]},"
            + "\"empty\":{\"dtype\":\"F32\",\"shape\":[2,0],\"data_offsets\":[28,28]},"
            + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[28,36]},"
            + "\"ids\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[36,39]},"
            + "\"rnn.weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[39,63]},"
            + "\"step\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[63,71]}";

    private static byte[] data() {
        return concat(f64(1.0, -0.5), f32(1.5f, -2f, 0.25f), i32(-3, Integer.MAX_VALUE),
                new byte[] {1, (byte) 255, 0}, f32(0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f), i64(7));
    }

    private static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>(); // deliberately not in name order
        t.put("rnn.weight_ih_l0", Tensor.f32(new int[] {2, 3}, new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f}));
        t.put("decoder.bias", Tensor.f32(new int[] {3}, new float[] {1.5f, -2f, 0.25f}));
        t.put("step", Tensor.i64(new int[] {}, new long[] {7}));
        t.put("ids", Tensor.u8(new int[] {3}, new byte[] {1, (byte) 255, 0}));
        t.put("d", Tensor.f64(new int[] {2, 1}, new double[] {1.0, -0.5}));
        t.put("i", Tensor.i32(new int[] {2}, new int[] {-3, Integer.MAX_VALUE}));
        t.put("empty", Tensor.f32(new int[] {2, 0}, new float[0]));
        return t;
    }

    @Test
    void readsAFileBuiltAsSafetensorsIoWritesIt(@TempDir Path dir) throws Exception {
        String header = "{\"__metadata__\":{\"vocab\":" + VOCAB_TOKEN + ",\"cell\":\"lstm\",\"note\":" + NOTE_TOKEN
                + "}," + ENTRIES + "}";
        Path file = RawSafeTensors.write(dir, "py.safetensors", RawSafeTensors.file(header, data()));

        SafeTensorsFile read = SafeTensors.read(file);

        assertFalse(read.checksumVerified(), "python files carry no checksum");
        assertEquals(Map.of("vocab", VOCAB, "cell", "lstm", "note", NOTE), read.metadata());
        assertEquals(List.of("vocab", "cell", "note"), new ArrayList<>(read.metadata().keySet()));
        assertEquals(tensors(), read.tensors());
        assertEquals(List.of("d", "decoder.bias", "empty", "i", "ids", "rnn.weight_ih_l0", "step"),
                new ArrayList<>(read.tensors().keySet()));
        assertEquals(255, read.tensors().get("ids").u8Data()[1] & 0xff);
    }

    @Test
    void readsAPythonFileWithoutMetadata(@TempDir Path dir) throws Exception {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = RawSafeTensors.write(dir, "bare.safetensors", RawSafeTensors.file(header, f32(1f, 2f)));

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(Map.of(), read.metadata());
        assertArrayEquals(new float[] {1f, 2f}, read.tensors().get("w").f32Data());
    }

    @Test
    void writesTheBytesSafetensorsIoWouldPlusTheChecksum(@TempDir Path dir) throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vocab", VOCAB);
        metadata.put("cell", "lstm");
        metadata.put("note", NOTE);
        Path file = dir.resolve("java.safetensors");

        SafeTensors.write(file, tensors(), metadata);

        CRC32C crc = new CRC32C();
        crc.update(data());
        String checksum = String.format("crc32c:%08x", crc.getValue());
        String header = "{\"__metadata__\":{\"vocab\":" + VOCAB_TOKEN + ",\"cell\":\"lstm\",\"note\":" + NOTE_TOKEN
                + ",\"checksum\":\"" + checksum + "\"}," + ENTRIES + "}";
        RawSafeTensors.assertSameBytes(RawSafeTensors.file(header, data()), file);
    }

    @Test
    void writtenLayoutIsLengthPaddedJsonThenContiguousData(@TempDir Path dir) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.f32(new int[] {3}, new float[] {1, 2, 3}));
        tensors.put("a", Tensor.u8(new int[] {1}, new byte[] {9}));
        tensors.put("c", Tensor.i64(new int[] {}, new long[] {-1}));
        Path file = dir.resolve("layout.safetensors");
        SafeTensors.write(file, tensors, Map.of("k", "v"));

        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length " + n + " is not a multiple of 8");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"), header);
        String padding = header.substring(header.lastIndexOf('}') + 1);
        assertTrue(padding.length() < 8 && padding.isBlank() && !padding.contains("\n"), "padding '" + padding + "'");

        JsonNode root = new ObjectMapper().readTree(header);
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("__metadata__", "a", "b", "c"), keys);
        assertEquals("v", root.get("__metadata__").get("k").asText());
        assertTrue(root.get("__metadata__").get("checksum").asText().matches("crc32c:[0-9a-f]{8}"));

        long offset = 0;
        for (String name : List.of("a", "b", "c")) {
            JsonNode offsets = root.get(name).get("data_offsets");
            assertEquals(offset, offsets.get(0).asLong());
            offset = offsets.get(1).asLong();
        }
        assertEquals(bytes.length, 8 + n + offset, "data section must end the file");
        byte[] expectedData = concat(new byte[] {9}, f32(1, 2, 3), i64(-1));
        assertEquals(ByteBuffer.wrap(expectedData), ByteBuffer.wrap(bytes, (int) (8 + n), (int) offset));
        assertEquals("F32", root.get("b").get("dtype").asText());
        assertEquals("[]", root.get("c").get("shape").toString());
    }
}
