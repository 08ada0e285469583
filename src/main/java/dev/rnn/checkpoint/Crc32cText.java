package dev.rnn.checkpoint;

import java.util.regex.Pattern;

/** The metadata form of a CRC32C: {@code "crc32c:"} followed by 8 lowercase hex digits. */
final class Crc32cText {
    private static final String PREFIX = "crc32c:";
    private static final Pattern FORM = Pattern.compile("crc32c:[0-9a-f]{8}");

    /** Same length as any real value, so a header written with it can be patched in place. */
    static final String PLACEHOLDER = format(0);

    private Crc32cText() {
    }

    /** {@code crc} (the low 32 bits of CRC32C.getValue()) as metadata text. */
    static String format(long crc) {
        return PREFIX + String.format("%08x", crc & 0xffffffffL);
    }

    /** True when {@code text} is a well-formed checksum value. */
    static boolean isWellFormed(String text) {
        return FORM.matcher(text).matches();
    }
}
