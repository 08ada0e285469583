package dev.rnn.checkpoint;

import java.util.Comparator;

/** The constants of the safetensors layout and the bounds every reader and writer here enforces. */
final class Format {
    /** The file starts with the header length as a little-endian uint64. */
    static final int LENGTH_BYTES = 8;
    /** Largest header accepted (safetensors' own reader allows 100 MB). */
    static final int MAX_HEADER_BYTES = 64 << 20;
    /** Largest JSON string (a metadata value or a name), in chars. */
    static final int MAX_STRING_CHARS = 16 << 20;
    /** Deepest JSON nesting; the schema itself needs 3 (root, tensor entry, shape). */
    static final int MAX_JSON_DEPTH = 16;
    /** Longest JSON number literal, in chars: enough for any uint64. */
    static final int MAX_NUMBER_CHARS = 32;
    /** Most tensors in one file; bounds the memory a hostile header can make us spend. */
    static final int MAX_TENSORS = 65_536;
    /** Largest Java array (some JVMs reserve a few header words). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Header padding: the header length is a multiple of this. */
    static final int HEADER_ALIGN = 8;

    static final String METADATA_KEY = "__metadata__";
    static final String CHECKSUM_KEY = "checksum";

    /** Python sorts str by code point (= UTF-8 byte order); String.compareTo sorts UTF-16 units. */
    static final Comparator<String> NAME_ORDER = Format::compareCodePoints;

    /** Advice appended to every message about a damaged file. */
    static final String DAMAGED_ADVICE =
            "the file is damaged: use another checkpoint (e.g. best.safetensors) or an earlier copy";

    private Format() {
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
