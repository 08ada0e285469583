package dev.rnn.data;

import java.util.Objects;

/** Ids of a vocabulary of at most 65536 characters, one char each. */
final class CharIdSequence extends IdSequence {

    private final char[] ids;

    CharIdSequence(char[] ids, int offset, int length) {
        super(offset, length);
        this.ids = ids;
    }

    @Override
    public int get(long i) {
        return ids[(int) (offset + Objects.checkIndex(i, length))];
    }

    @Override
    IdSequence view(long absoluteOffset, long length) {
        return new CharIdSequence(ids, (int) absoluteOffset, (int) length);
    }

    @Override
    void copy(long absoluteFrom, int[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = ids[(int) absoluteFrom + i];
        }
    }
}
