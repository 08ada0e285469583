package dev.rnn.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A read-only sequence of character ids in [0, V), stored compactly: one byte per id when
 * V <= 256, one char when V <= 65536, else one int; in heap arrays, or in a file mapped in
 * segments ({@link MappedIdSequence}) so that a corpus longer than an array, or than the heap,
 * still fits. Positions are longs. Slices are views that share the storage.
 */
public abstract sealed class IdSequence permits ByteIdSequence, CharIdSequence, IntIdSequence, MappedIdSequence {

    /** The largest V that fits the byte storage (ids read back unsigned). */
    static final int MAX_BYTE_VOCAB = 1 << 8;
    /** The largest V that fits the char storage. */
    static final int MAX_CHAR_VOCAB = 1 << 16;

    /** The JVM cannot allocate arrays quite as long as Integer.MAX_VALUE. */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    final long offset; // index of element 0 in the backing storage
    final long length;

    IdSequence(long offset, long length) {
        this.offset = offset;
        this.length = length;
    }

    /** A compact copy of {@code ids}, each of which must lie in [0, vocabSize). */
    public static IdSequence of(int[] ids, int vocabSize) {
        Builder b = new Builder(vocabSize, ids.length);
        for (int id : ids) {
            b.append(id);
        }
        return b.build();
    }

    /** The number of ids. */
    public final long length() {
        return length;
    }

    /** The id at index {@code i} in [0, length). */
    public abstract int get(long i);

    /** A view of ids [from, to) sharing this sequence's storage. */
    public final IdSequence slice(long from, long to) {
        Objects.checkFromToIndex(from, to, length);
        return view(offset + from, to - from);
    }

    /** Copies ids [from, from + len) into {@code dst[dstOff .. dstOff + len)}. */
    public final void copyTo(long from, int[] dst, int dstOff, int len) {
        Objects.checkFromIndexSize(from, len, length);
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        copy(offset + from, dst, dstOff, len);
    }

    /** All ids as a new int array (for tests and short texts; a long corpus should not). */
    public final int[] toArray() {
        if (length > MAX_ARRAY_LENGTH) {
            throw new IllegalStateException("a sequence of " + length + " ids does not fit an int array");
        }
        int[] out = new int[(int) length];
        copy(offset, out, 0, (int) length);
        return out;
    }

    /** Bytes per id for a vocabulary of {@code vocabSize}: 1, 2 or 4. */
    static int width(int vocabSize) {
        return vocabSize <= MAX_BYTE_VOCAB ? 1 : vocabSize <= MAX_CHAR_VOCAB ? 2 : 4;
    }

    abstract IdSequence view(long absoluteOffset, long length);

    abstract void copy(long absoluteFrom, int[] dst, int dstOff, int len);

    /** Takes ids one at a time into some storage and hands back the sequence they make. */
    public interface Writer {
        /** Appends one id in [0, V). */
        void append(int id) throws CorpusException;

        /** The number of ids appended so far. */
        long length();

        /** The sequence of the appended ids. */
        IdSequence build() throws CorpusException;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(length=" + length + ")";
    }

    /**
     * Appends ids into the compact storage chosen by V, growing geometrically; given the exact
     * length up front it never copies. Single use: {@link #build()} hands the storage over.
     */
    public static final class Builder implements Writer {

        private final int vocabSize;
        private byte[] bytes; // exactly one of these three is non-null
        private char[] chars;
        private int[] ints;
        private int length;
        private boolean built;

        /**
         * @param vocabSize V; every id appended must lie in [0, V)
         * @param capacity  the expected length (the builder grows past it if needed)
         */
        public Builder(int vocabSize, int capacity) {
            if (vocabSize < 1 || vocabSize > Character.MAX_CODE_POINT + 1) {
                throw new IllegalArgumentException("vocabSize " + vocabSize
                        + " is out of range [1, " + (Character.MAX_CODE_POINT + 1) + "]");
            }
            if (capacity < 0) {
                throw new IllegalArgumentException("capacity " + capacity + " is negative");
            }
            this.vocabSize = vocabSize;
            if (vocabSize <= MAX_BYTE_VOCAB) {
                bytes = new byte[capacity];
            } else if (vocabSize <= MAX_CHAR_VOCAB) {
                chars = new char[capacity];
            } else {
                ints = new int[capacity];
            }
        }

        @Override
        public void append(int id) {
            if (built) {
                throw new IllegalStateException("append after build(): the builder is single use");
            }
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException(
                        "id " + id + " at index " + length + " is out of range [0, " + vocabSize + ")");
            }
            if (length == capacity()) {
                grow();
            }
            if (bytes != null) {
                bytes[length] = (byte) id;
            } else if (chars != null) {
                chars[length] = (char) id;
            } else {
                ints[length] = id;
            }
            length++;
        }

        @Override
        public long length() {
            return length;
        }

        /** The sequence of the appended ids; it views the builder's storage, so no copy. */
        @Override
        public IdSequence build() {
            if (built) {
                throw new IllegalStateException("build() called twice: the builder is single use");
            }
            built = true;
            if (bytes != null) {
                return new ByteIdSequence(bytes, 0, length);
            } else if (chars != null) {
                return new CharIdSequence(chars, 0, length);
            }
            return new IntIdSequence(ints, 0, length);
        }

        private int capacity() {
            return bytes != null ? bytes.length : chars != null ? chars.length : ints.length;
        }

        private void grow() {
            int max = MAX_ARRAY_LENGTH;
            if (length >= max) {
                throw new IllegalStateException("an IdSequence holds at most " + max + " ids");
            }
            int newCapacity = (int) Math.min(max, Math.max(16L, length + (length >> 1) + 1L));
            if (bytes != null) {
                bytes = Arrays.copyOf(bytes, newCapacity);
            } else if (chars != null) {
                chars = Arrays.copyOf(chars, newCapacity);
            } else {
                ints = Arrays.copyOf(ints, newCapacity);
            }
        }
    }
}
