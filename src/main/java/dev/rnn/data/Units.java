package dev.rnn.data;

import java.util.Locale;

/** What a model reads and predicts: Unicode code points (one id per character) or UTF-8 bytes (V ≤ 256). */
public enum Units {
    CODEPOINTS,
    BYTES;

    /** The name checkpoints and the command line use. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The units named {@code id} (case-insensitive). */
    public static Units of(String id) {
        for (Units u : values()) {
            if (u.id().equalsIgnoreCase(id.trim())) {
                return u;
            }
        }
        throw new IllegalArgumentException("units '" + id + "' is neither codepoints nor bytes");
    }

    /** The UTF-8 bytes of a code point, unsigned, into {@code out}; returns how many (1 to 4). */
    static int utf8(int cp, int[] out) {
        if (cp < 0x80) {
            out[0] = cp;
            return 1;
        }
        if (cp < 0x800) {
            out[0] = 0xC0 | (cp >> 6);
            out[1] = 0x80 | (cp & 0x3F);
            return 2;
        }
        if (cp < 0x10000) {
            out[0] = 0xE0 | (cp >> 12);
            out[1] = 0x80 | ((cp >> 6) & 0x3F);
            out[2] = 0x80 | (cp & 0x3F);
            return 3;
        }
        out[0] = 0xF0 | (cp >> 18);
        out[1] = 0x80 | ((cp >> 12) & 0x3F);
        out[2] = 0x80 | ((cp >> 6) & 0x3F);
        out[3] = 0x80 | (cp & 0x3F);
        return 4;
    }
}
