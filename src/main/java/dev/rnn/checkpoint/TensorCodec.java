package dev.rnn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Moves tensor elements between Java arrays and little-endian byte buffers, one chunk at a time,
 * so that neither reading nor writing ever holds a whole tensor's bytes.
 */
final class TensorCodec {
    /** Chunk size in bytes: a multiple of every item size. */
    static final int CHUNK_BYTES = 1 << 16;

    private TensorCodec() {
    }

    /** A buffer of {@link #CHUNK_BYTES}, little-endian. */
    static ByteBuffer newChunk() {
        return ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** How many elements of {@code dtype} fit one chunk. */
    static int elementsPerChunk(DType dtype) {
        return CHUNK_BYTES / dtype.itemSize();
    }

    /** An empty array of {@code dtype}'s Java type. */
    static Object newArray(DType dtype, int count) {
        return switch (dtype) {
            case F32 -> new float[count];
            case F64 -> new double[count];
            case I32 -> new int[count];
            case I64 -> new long[count];
            case U8 -> new byte[count];
        };
    }

    /**
     * Puts elements {@code [from, from + count)} of {@code array} into {@code out}, which is cleared
     * first and left flipped: position 0, limit count * itemSize.
     */
    static void encode(DType dtype, Object array, int from, int count, ByteBuffer out) {
        out.clear();
        switch (dtype) {
            case F32 -> out.asFloatBuffer().put((float[]) array, from, count);
            case F64 -> out.asDoubleBuffer().put((double[]) array, from, count);
            case I32 -> out.asIntBuffer().put((int[]) array, from, count);
            case I64 -> out.asLongBuffer().put((long[]) array, from, count);
            case U8 -> out.put((byte[]) array, from, count).position(0);
        }
        out.limit(count * dtype.itemSize());
    }

    /**
     * Takes {@code count} elements from {@code in} (position 0, little-endian) into
     * {@code array[from, from + count)}.
     */
    static void decode(DType dtype, ByteBuffer in, Object array, int from, int count) {
        switch (dtype) {
            case F32 -> in.asFloatBuffer().get((float[]) array, from, count);
            case F64 -> in.asDoubleBuffer().get((double[]) array, from, count);
            case I32 -> in.asIntBuffer().get((int[]) array, from, count);
            case I64 -> in.asLongBuffer().get((long[]) array, from, count);
            case U8 -> in.duplicate().get((byte[]) array, from, count);
        }
    }
}
