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
    public int get(long i) {
        return ids[(int) (offset + Objects.checkIndex(i, length))];
    }

    @Override
    IdSequence view(long absoluteOffset, long length) {
        return new IntIdSequence(ids, (int) absoluteOffset, (int) length);
    }

    @Override
    void copy(long absoluteFrom, int[] dst, int dstOff, int len) {
        System.arraycopy(ids, (int) absoluteFrom, dst, dstOff, len);
    }
}
