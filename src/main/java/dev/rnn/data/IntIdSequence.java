package dev.rnn.data;

import java.util.Objects;

/** Ids of a vocabulary of any size, one int each. */
final class IntIdSequence extends IdSequence {

    private final int[] ids;

    IntIdSequence(int[] ids, int offset, int length) {
        super(offset, length);
        this.ids = ids;
    }

    @Override
    public int get(int i) {
        return ids[offset + Objects.checkIndex(i, length)];
    }

    @Override
    IdSequence view(int absoluteOffset, int length) {
        return new IntIdSequence(ids, absoluteOffset, length);
    }

    @Override
    void copy(int absoluteFrom, int[] dst, int dstOff, int len) {
        System.arraycopy(ids, absoluteFrom, dst, dstOff, len);
    }
}
