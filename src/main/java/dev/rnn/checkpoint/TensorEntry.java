package dev.rnn.checkpoint;

/**
 * One tensor's line of the header: where its bytes lie in the data section
 * ({@code [begin, end)}, relative to the first byte after the header) and how to read them.
 */
record TensorEntry(String name, DType dtype, int[] shape, long count, long begin, long end) {
    long byteLength() {
        return end - begin;
    }
}
