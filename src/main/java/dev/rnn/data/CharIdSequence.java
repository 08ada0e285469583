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
    public int get(int i) {
        return ids[offset + Objects.checkIndex(i, length)];
    }

    @Override
    IdSequence view(int absoluteOffset, int length) {
        return new CharIdSequence(ids, absoluteOffset, length);
    }

    @Override
    void copy(int absoluteFrom, int[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = ids[absoluteFrom + i];
        }
    }
}
