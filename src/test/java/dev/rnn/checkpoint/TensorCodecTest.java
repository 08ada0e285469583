package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Elements to little-endian bytes and back, a slice at a time. */
class TensorCodecTest {

    @Test
    void encodesLittleEndian() {
        ByteBuffer out = TensorCodec.newChunk();
        TensorCodec.encode(DType.F32, new float[] {9f, 1.5f, -2f}, 1, 2, out);
        assertEquals(0, out.position());
        assertEquals(8, out.limit());
        byte[] bytes = new byte[8];
        out.get(bytes);
        int bits = Float.floatToIntBits(1.5f); // 0x3FC00000
        assertArrayEquals(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24),
                0, 0, 0, (byte) 0xC0}, bytes);
        TensorCodec.encode(DType.I64, new long[] {0x0102030405060708L}, 0, 1, out);
        assertEquals(0x08, out.get(0));
        assertEquals(0x01, out.get(7));
    }

    private static Object sample(DType d) {
        return switch (d) {
            case F32 -> new float[] {1f, -0f, Float.NaN, Float.MAX_VALUE, 3f};
            case F64 -> new double[] {1, -0.0, Double.NaN, Double.MIN_VALUE, 3};
            case I32 -> new int[] {1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 3};
            case I64 -> new long[] {1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 3};
            case U8 -> new byte[] {1, -1, 0, 127, 3};
        };
    }

    /** A middle slice written and read back at another offset: only that slice moves, bit for bit. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void aSliceRoundTripsIntoAnotherOffset(DType d) {
        Object src = sample(d);
        ByteBuffer buf = TensorCodec.newChunk();
        TensorCodec.encode(d, src, 1, 3, buf);
        assertEquals(3 * d.itemSize(), buf.limit());
        Object dst = TensorCodec.newArray(d, 5);
        TensorCodec.decode(d, buf, dst, 2, 3);
        Object expected = TensorCodec.newArray(d, 5);
        System.arraycopy(src, 1, expected, 2, 3);
        switch (d) {
            case F32 -> assertArrayEquals(bits((float[]) expected), bits((float[]) dst));
            case F64 -> assertArrayEquals((double[]) expected, (double[]) dst);
            case I32 -> assertArrayEquals((int[]) expected, (int[]) dst);
            case I64 -> assertArrayEquals((long[]) expected, (long[]) dst);
            case U8 -> assertArrayEquals((byte[]) expected, (byte[]) dst);
        }
    }

    private static int[] bits(float[] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Float.floatToRawIntBits(a[i]);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aChunkHoldsAWholeNumberOfElements(DType d) {
        assertEquals(0, TensorCodec.CHUNK_BYTES % d.itemSize());
        assertEquals(TensorCodec.CHUNK_BYTES / d.itemSize(), TensorCodec.elementsPerChunk(d));
        assertEquals(ByteOrder.LITTLE_ENDIAN, TensorCodec.newChunk().order());
    }
}
