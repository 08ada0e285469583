package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsRoundTripTest {
    private static final int QUIET_NAN_WITH_PAYLOAD = 0x7fc0_0001;

    @Test
    void everyDtypeAndEdgeShapeRoundTripsBitForBit(@TempDir Path dir) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("f32", Tensor.f32(new int[] {2, 4}, new float[] {1.5f, -0f, Float.NaN,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE,
                Float.intBitsToFloat(QUIET_NAN_WITH_PAYLOAD)}));
        tensors.put("f64", Tensor.f64(new int[] {3}, new double[] {Math.PI, -0.0, Double.MIN_NORMAL}));
        tensors.put("i32", Tensor.i32(new int[] {2, 2}, new int[] {Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE}));
        tensors.put("i64", Tensor.i64(new int[] {2}, new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
        tensors.put("u8", Tensor.u8(new int[] {4}, new byte[] {0, 1, 127, (byte) 255}));
        tensors.put("scalar_f32", Tensor.f32(new int[] {}, new float[] {42f}));
        tensors.put("scalar_i64", Tensor.i64(new int[] {}, new long[] {123_456_789_012L}));
        tensors.put("empty", Tensor.f32(new int[] {0}, new float[0]));
        tensors.put("empty_3d", Tensor.i64(new int[] {3, 0, 2}, new long[0]));
        tensors.put("empty_u8", Tensor.u8(new int[] {0, 5}, new byte[0]));
        tensors.put("eight_dims", Tensor.f64(new int[] {1, 1, 1, 1, 1, 1, 1, 2}, new double[] {1, 2}));
        Path file = dir.resolve("all.safetensors");

        SafeTensors.write(file, tensors, Map.of());
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(tensors, read.tensors());
        assertEquals(QUIET_NAN_WITH_PAYLOAD, Float.floatToRawIntBits(read.tensors().get("f32").f32Data()[7]));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(read.tensors().get("f32").f32Data()[1]));
        assertArrayEquals(new int[] {3, 0, 2}, read.tensors().get("empty_3d").shape());
        assertArrayEquals(new int[] {}, read.tensors().get("scalar_f32").shape());
        assertTrue(read.checksumVerified());
        assertEquals(Map.of(), read.metadata(), "the checksum is not handed back as metadata");
    }

    @Test
    void metadataKeepsUnicodeControlCharactersAndOrder(@TempDir Path dir) throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("vocab", "[\"𝔸\", \"\\n\", \"\\\"\"]"); // a JSON text as a value, as save_charrnn stores it
        metadata.put("raw", "line1\nline2\r\t\u0000\u001f\u007f \"quoted\" back\\slash 𝔸é\u2028");
        metadata.put("ключ", "значение");
        metadata.put("", "empty key");
        metadata.put("cell", "");
        Path file = dir.resolve("meta.safetensors");

        SafeTensors.write(file, Map.of(), metadata);
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(metadata, read.metadata());
        assertEquals(new ArrayList<>(metadata.keySet()), new ArrayList<>(read.metadata().keySet()));
        assertEquals(Map.of(), read.tensors());
    }

    @Test
    void tensorsComeBackSortedByCodePointLikePython(@TempDir Path dir) throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        // UTF-16 order would put 𝔸 (U+1D538, a surrogate pair D835 DD38) before ！ (U+FF01)
        for (String name : List.of("𝔸", "z", "！", "b.weight", "A", "a", "b")) {
            tensors.put(name, Tensor.i32(new int[] {1}, new int[] {name.codePointAt(0)}));
        }
        Path file = dir.resolve("order.safetensors");

        SafeTensors.write(file, tensors, Map.of());
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(List.of("A", "a", "b", "b.weight", "z", "！", "𝔸"), new ArrayList<>(read.tensors().keySet()));
        for (String name : tensors.keySet()) {
            assertEquals(name.codePointAt(0), read.tensors().get(name).i32Data()[0], name);
        }
        // the data follows the same order: 𝔸's value is the last 4 bytes of the file
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(0x1D538, java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt());
    }

    @Test
    void largeTensorsSpanManyChunksExactly(@TempDir Path dir) throws Exception {
        Random random = new Random(42);
        float[] f = new float[300 * 1001]; // not a multiple of the chunk
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
        }
        double[] d = new double[100_003];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble();
        }
        byte[] u = new byte[200_003];
        random.nextBytes(u);
        long[] l = new long[TensorCodec.CHUNK_BYTES / 8]; // exactly one chunk
        for (int i = 0; i < l.length; i++) {
            l[i] = random.nextLong();
        }
        Map<String, Tensor> tensors = Map.of(
                "f", Tensor.f32(new int[] {300, 1001}, f),
                "d", Tensor.f64(new int[] {100_003}, d),
                "u", Tensor.u8(new int[] {200_003}, u),
                "l", Tensor.i64(new int[] {l.length}, l));
        Path file = dir.resolve("big.safetensors");

        SafeTensors.write(file, tensors, Map.of("k", "v"));
        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(tensors, read.tensors());
        assertTrue(read.checksumVerified());
    }

    @Test
    void rewritingReplacesTheOldContent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("last.safetensors");
        SafeTensors.write(file, Map.of("w", Tensor.f32(new int[] {2}, new float[] {1, 2})), Map.of("step", "1"));
        SafeTensors.write(file, Map.of("v", Tensor.i32(new int[] {1}, new int[] {3})), Map.of("step", "2"));

        SafeTensorsFile read = SafeTensors.read(file);

        assertEquals(Map.of("v", Tensor.i32(new int[] {1}, new int[] {3})), read.tensors());
        assertEquals(Map.of("step", "2"), read.metadata());
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void writerRefusesReservedNamesAndUnencodableStringsBeforeTouchingDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.safetensors");
        Tensor t = Tensor.u8(new int[] {1}, new byte[] {1});

        IllegalArgumentException checksum = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("w", t), Map.of("checksum", "crc32c:00000000")));
        assertTrue(checksum.getMessage().contains("checksum"), checksum.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("__metadata__", t), Map.of()));
        IllegalArgumentException surrogate = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, Map.of("w", t), Map.of("vocab", "ok\uD835")));
        assertTrue(surrogate.getMessage().contains("index 2"), surrogate.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file, Map.of("\uDD38", t), Map.of()));

        try (var listing = Files.list(dir)) {
            assertFalse(listing.findAny().isPresent(), "nothing may be written");
        }
    }
}
