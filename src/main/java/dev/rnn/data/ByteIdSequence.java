package dev.rnn.data;

import java.util.Objects;

/** Ids of a vocabulary of at most 256 characters, one unsigned byte each. */
final class ByteIdSequence extends IdSequence {

    private final byte[] ids;

    ByteIdSequence(byte[] ids, int offset, int length) {
        super(offset, length);
        this.ids = ids;
    }

    @Override
    public int get(long i) {
        return ids[(int) (offset + Objects.checkIndex(i, length))] & 0xFF;
    }

    @Override
    IdSequence view(long absoluteOffset, long length) {
        return new ByteIdSequence(ids, (int) absoluteOffset, (int) length);
    }

    @Override
    void copy(long absoluteFrom, int[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = ids[(int) absoluteFrom + i] & 0xFF;
        }
    }
}
