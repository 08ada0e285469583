package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors bytes by hand, byte for byte as safetensors_io.save_file does, and checks failures. */
final class RawSafeTensors {
    private RawSafeTensors() {
    }

    /** 8-byte LE length, the header padded with spaces to a multiple of 8, then {@code data}. */
    static byte[] file(String headerJson, byte[] data) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(header);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    /** An 8-byte LE length claiming {@code claimed} bytes, followed by {@code rest}. */
    static byte[] withLength(long claimed, byte[] rest) {
        return ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed).put(rest).array();
    }

    /** The raw header bytes (no padding) behind the length, for headers that are not text. */
    static byte[] fileWithRawHeader(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    static byte[] f32(float... xs) {
        ByteBuffer b = ByteBuffer.allocate(4 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : xs) {
            b.putFloat(x);
        }
        return b.array();
    }

    static byte[] f64(double... xs) {
        ByteBuffer b = ByteBuffer.allocate(8 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : xs) {
            b.putDouble(x);
        }
        return b.array();
    }

    static byte[] i32(int... xs) {
        ByteBuffer b = ByteBuffer.allocate(4 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : xs) {
            b.putInt(x);
        }
        return b.array();
    }

    static byte[] i64(long... xs) {
        ByteBuffer b = ByteBuffer.allocate(8 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : xs) {
            b.putLong(x);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /**
     * Reading {@code file} fails with a CheckpointException whose one-line message names the file
     * and contains every fragment.
     */
    static CheckpointException assertReadFails(Path file, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(file));
        assertOneLineNaming(e, file, fragments);
        return e;
    }

    static void assertOneLineNaming(CheckpointException e, Path file, String... fragments) {
        String m = e.getMessage();
        assertFalse(m.contains("\n") || m.contains("\r"), "message is not one line: " + m);
        assertTrue(m.contains(file.toString()), "message does not name " + file + ": " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "message lacks \"" + f + "\": " + m);
        }
    }

    static void assertSameBytes(byte[] expected, Path file) throws IOException {
        // ISO-8859-1 maps bytes to chars one to one: exact, and a failure shows a readable diff
        assertEquals(new String(expected, StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), "file bytes of " + file);
    }
}
