package dev.rnn.data;

/**
 * Turns sampled ids back into text one id at a time. For code points each id is a character; for
 * bytes the decoder holds back an incomplete UTF-8 sequence until it completes, and writes U+FFFD
 * for a byte that cannot continue or start one, so it never writes invalid UTF-8 and text ending
 * mid-sequence simply leaves the partial character out.
 */
public final class TextDecoder {
    private final Vocabulary vocab;
    private final int[] pending = new int[4]; // the bytes of an incomplete sequence
    private int have;                          // how many are pending
    private int need;                          // the sequence's full length, 0 when none is pending

    TextDecoder(Vocabulary vocab) {
        this.vocab = vocab;
    }

    /** Appends the text that id completes (possibly nothing) to {@code out}. */
    public void append(int id, StringBuilder out) {
        if (vocab.units() == Units.CODEPOINTS) {
            out.appendCodePoint(vocab.codePoint(id));
            return;
        }
        int b = vocab.codePoint(id);
        if (need > 0) {
            if ((b & 0xC0) == 0x80 && continues(b)) {
                pending[have++] = b;
                if (have == need) {
                    out.appendCodePoint(codePoint());
                    need = 0;
                    have = 0;
                }
                return;
            }
            out.appendCodePoint(Vocabulary.UNKNOWN); // the sequence broke off: its bytes are one bad character
            need = 0;
            have = 0;
        }
        int len = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (len == 1) {
            out.append((char) b);
        } else if (len == 0) {
            out.appendCodePoint(Vocabulary.UNKNOWN);
        } else {
            pending[0] = b;
            have = 1;
            need = len;
        }
    }

    /** Bytes held back: the start of a character not yet complete. */
    public int pendingBytes() {
        return have;
    }

    /** Whether {@code b} may follow the pending bytes (no overlong form, surrogate or value past U+10FFFF). */
    private boolean continues(int b) {
        if (have != 1) {
            return true;
        }
        int lead = pending[0];
        return switch (lead) {
            case 0xE0 -> b >= 0xA0;
            case 0xED -> b <= 0x9F;
            case 0xF0 -> b >= 0x90;
            case 0xF4 -> b <= 0x8F;
            default -> true;
        };
    }

    private int codePoint() {
        int cp = pending[0] & (0x7F >> need);
        for (int i = 1; i < need; i++) {
            cp = (cp << 6) | (pending[i] & 0x3F);
        }
        return cp;
    }
}
