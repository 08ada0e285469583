package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of a real checkpoint either read back exactly or fail with a CheckpointException;
 * never with another exception (ArrayIndexOutOfBounds, OutOfMemoryError, NegativeArraySize...).
 */
class SafeTensorsFuzzTest {
    @TempDir
    Path dir;

    private byte[] original;
    private int dataStart;

    private Path writeOriginal() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("decoder.weight", Tensor.f32(new int[] {3, 4}, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        tensors.put("step", Tensor.i64(new int[] {}, new long[] {1234}));
        tensors.put("ids", Tensor.u8(new int[] {5}, new byte[] {1, 2, 3, 4, 5}));
        tensors.put("empty", Tensor.f64(new int[] {0, 3}, new double[0]));
        Path file = dir.resolve("last.safetensors");
        SafeTensors.write(file, tensors, Map.of("vocab", "[\"a\", \"𝔸\"]", "cell", "lstm"));
        original = Files.readAllBytes(file);
        dataStart = 8 + (int) ByteBuffer.wrap(original, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return file;
    }

    /** Reads {@code bytes} as a file: true if it read, false if it failed properly, test failure otherwise. */
    private boolean reads(Path file, byte[] bytes, String what) throws Exception {
        Files.write(file, bytes);
        try {
            SafeTensors.read(file);
            return true;
        } catch (CheckpointException e) {
            RawSafeTensors.assertOneLineNaming(e, file);
            return false;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
            return false;
        }
    }

    @Test
    void everyTruncationIsAClearError() throws Exception {
        Path file = writeOriginal();
        for (int cut = 0; cut < original.length; cut++) {
            byte[] cutCopy = Arrays.copyOf(original, cut);
            assertEquals(false, reads(file, cutCopy, "cut at " + cut), "cut at " + cut + " read successfully");
            if (cut > dataStart) {
                CheckpointException e = readFailure(file);
                assertTrue(e.getMessage().contains("is truncated: the header promises " + (original.length - dataStart)
                        + " bytes of tensor data but only " + (cut - dataStart) + " follow"), e.getMessage());
            } else if (cut >= 8) {
                assertTrue(readFailure(file).getMessage().contains("truncated"), "cut at " + cut);
            }
        }
    }

    @Test
    void everyFlippedDataByteFailsTheChecksum() throws Exception {
        Path file = writeOriginal();
        for (int i = dataStart; i < original.length; i++) {
            byte[] copy = original.clone();
            copy[i] ^= 0x01;
            assertEquals(false, reads(file, copy, "flip at " + i));
            assertTrue(readFailure(file).getMessage().contains("failed its checksum"), "flip at " + i);
        }
    }

    @Test
    void everySingleByteCorruptionIsHandled() throws Exception {
        Path file = writeOriginal();
        int[] masks = {0x01, 0x02, 0x10, 0x20, 0x80, 0xff};
        for (int i = 0; i < original.length; i++) {
            for (int mask : masks) {
                byte[] copy = original.clone();
                copy[i] ^= (byte) mask;
                reads(file, copy, "byte " + i + " ^ " + mask);
            }
        }
    }

    @Test
    void randomMultiByteCorruptionIsHandled() throws Exception {
        Path file = writeOriginal();
        Random random = new Random(20240601);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] copy = original.clone();
            int edits = 1 + random.nextInt(6);
            for (int k = 0; k < edits; k++) {
                // bias towards the header, where the parsing happens
                int at = random.nextInt(4) == 0 ? random.nextInt(copy.length) : random.nextInt(dataStart);
                copy[at] = (byte) random.nextInt(256);
            }
            reads(file, copy, "trial " + trial);
        }
    }

    private static CheckpointException readFailure(Path file) {
        try {
            SafeTensors.read(file);
        } catch (CheckpointException e) {
            return e;
        }
        throw new AssertionError("read of " + file + " succeeded");
    }
}
