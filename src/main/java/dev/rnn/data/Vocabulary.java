package dev.rnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

/**
 * The sorted set of Unicode code points of a text; a character's id is its index in that order.
 * Code points, not UTF-16 chars: an emoji, a CJK character or U+1D538 is one character.
 *
 * <p>A vocabulary chosen by a {@link VocabularyPolicy} may have an <em>unknown</em> entry,
 * U+FFFD at its sorted place, that every character outside the vocabulary maps to; it then also
 * holds the unknown characters' counts in the training text, q(c), so that scoring an unknown
 * character costs -log p(unknown) - log q(c) (see {@link #unknownNats}).
 *
 * <p>A vocabulary of {@link Units#BYTES} holds byte values 0..255 in place of code points: the
 * ids of a text are those of its UTF-8 bytes, and {@link #newDecoder} turns them back into text.
 */
public final class Vocabulary {

    /** The code point of the unknown entry, which samples show in place of an unknown character. */
    public static final int UNKNOWN = 0xFFFD;
    /** Unicode scalar values: the characters an unknown one may be. */
    static final int SCALAR_VALUES = Character.MAX_CODE_POINT + 1 - (Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1);

    private final int[] codePoints; // (V) strictly increasing; id -> code point
    private final int unkId;        // the id of U+FFFD standing for every other character, or -1
    private final int[] unkCodePoints; // (U) strictly increasing: the unknown characters seen in training
    private final long[] unkCounts;    // (U) how often each occurs in the training text
    private final long unkTotal;
    private final Units units;

    // id of every BMP code point up to the largest in the vocabulary (-1 when absent); astral
    // code points are rare in a vocabulary and fall back to a binary search of codePoints
    private final int[] bmpIds;

    private Vocabulary(int[] sortedDistinct) {
        this(sortedDistinct, -1, new int[0], new long[0], Units.CODEPOINTS);
    }

    private Vocabulary(int[] sortedDistinct, int unkId, int[] unkCodePoints, long[] unkCounts, Units units) {
        this.units = units;
        if (sortedDistinct.length == 0) {
            throw new IllegalArgumentException("a vocabulary needs at least one character, got none");
        }
        if (unkId >= sortedDistinct.length || (unkId >= 0 && sortedDistinct[unkId] != UNKNOWN)) {
            throw new IllegalArgumentException("unknown id " + unkId + " is not the U+FFFD entry of a vocabulary of "
                    + sortedDistinct.length);
        }
        if (unkCodePoints.length != unkCounts.length || (unkId < 0 && unkCodePoints.length > 0)) {
            throw new IllegalArgumentException(unkCodePoints.length + " unknown characters with " + unkCounts.length
                    + " counts, in a vocabulary " + (unkId < 0 ? "without" : "with") + " an unknown entry");
        }
        long total = 0;
        for (int i = 0; i < unkCodePoints.length; i++) {
            if (i > 0 && unkCodePoints[i] <= unkCodePoints[i - 1]) {
                throw new IllegalArgumentException("unknown characters must be strictly increasing code points, "
                        + CodePoints.describe(unkCodePoints[i]) + " follows " + CodePoints.describe(unkCodePoints[i - 1]));
            }
            if (unkCounts[i] < 1) {
                throw new IllegalArgumentException("unknown character " + CodePoints.describe(unkCodePoints[i])
                        + " has count " + unkCounts[i] + ", expected at least 1");
            }
            total += unkCounts[i];
        }
        this.unkId = unkId;
        this.unkCodePoints = unkCodePoints;
        this.unkCounts = unkCounts;
        this.unkTotal = total;
        this.codePoints = sortedDistinct;
        int maxBmp = -1;
        for (int cp : sortedDistinct) {
            if (cp <= Character.MAX_VALUE) {
                maxBmp = cp;
            }
        }
        this.bmpIds = new int[maxBmp + 1];
        Arrays.fill(bmpIds, -1);
        for (int id = 0; id < sortedDistinct.length && sortedDistinct[id] <= maxBmp; id++) {
            bmpIds[sortedDistinct[id]] = id;
        }
    }

    /** The vocabulary of the given code points (any order, duplicates allowed). */
    public static Vocabulary of(int[] codePoints) {
        for (int i = 0; i < codePoints.length; i++) {
            if (!CodePoints.isScalarValue(codePoints[i])) {
                throw new IllegalArgumentException(String.format(
                        "code point %d (0x%X) at index %d is not a Unicode scalar value",
                        codePoints[i], codePoints[i], i));
            }
        }
        return new Vocabulary(Arrays.stream(codePoints).sorted().distinct().toArray());
    }

    /**
     * The given code points (any order, duplicates allowed, U+FFFD ignored) and the unknown entry
     * U+FFFD at its sorted place, with no unknown counts yet (see {@link #withUnknownCounts}).
     */
    public static Vocabulary withUnknown(int[] kept) {
        int[] cps = Arrays.copyOf(kept, kept.length + 1);
        cps[kept.length] = UNKNOWN;
        int[] sorted = of(cps).codePoints;
        return new Vocabulary(sorted, Arrays.binarySearch(sorted, UNKNOWN), new int[0], new long[0], Units.CODEPOINTS);
    }

    /**
     * This vocabulary with the unknown characters' counts in the training text, from which
     * {@link #unknownNats} takes q(c).
     *
     * @param codePoints strictly increasing, none of them in the vocabulary
     * @param counts     each at least 1
     */
    public Vocabulary withUnknownCounts(int[] codePoints, long[] counts) {
        if (unkId < 0) {
            throw new IllegalArgumentException("a vocabulary without an unknown entry has no unknown counts");
        }
        for (int cp : codePoints) {
            if (cp != UNKNOWN && id(cp) >= 0) { // U+FFFD in a text is the unknown entry's own character
                throw new IllegalArgumentException("unknown character " + CodePoints.describe(cp) + " is in the vocabulary");
            }
        }
        return new Vocabulary(this.codePoints, unkId, codePoints.clone(), counts.clone(), units);
    }

    /**
     * The vocabulary whose {@link #symbols()} are the given strings, as read back from a
     * checkpoint, with its unknown entry at {@code unkId} (-1: none).
     */
    public static Vocabulary fromStrings(List<String> symbols, int unkId) {
        Vocabulary v = fromStrings(symbols);
        if (unkId < 0) {
            return v;
        }
        if (unkId >= v.size() || v.codePoints[unkId] != UNKNOWN) {
            throw new IllegalArgumentException("unk_id " + unkId + " is not the U+FFFD entry of the vocabulary ("
                    + v.size() + " characters)");
        }
        return new Vocabulary(v.codePoints, unkId, new int[0], new long[0], Units.CODEPOINTS);
    }

    /** The vocabulary of the given byte values (0..255, any order, duplicates allowed) of a byte-level model. */
    public static Vocabulary ofBytes(int[] byteValues) {
        for (int i = 0; i < byteValues.length; i++) {
            if (byteValues[i] < 0 || byteValues[i] > 255) {
                throw new IllegalArgumentException("byte value " + byteValues[i] + " at index " + i + " is outside 0..255");
            }
        }
        return new Vocabulary(Arrays.stream(byteValues).sorted().distinct().toArray(), -1, new int[0], new long[0],
                Units.BYTES);
    }

    /** The byte values of a byte-level vocabulary as read back from a checkpoint: strictly increasing, in 0..255. */
    public static Vocabulary fromBytes(List<Integer> values) {
        int[] b = new int[values.size()];
        for (int i = 0; i < b.length; i++) {
            Integer x = values.get(i);
            if (x == null || x < 0 || x > 255) {
                throw new IllegalArgumentException("vocabulary entry " + i + " is " + x + ", expected a byte value 0..255");
            }
            if (i > 0 && x <= b[i - 1]) {
                throw new IllegalArgumentException("vocabulary entry " + i + " (" + x + ") is not greater than entry "
                        + (i - 1) + " (" + b[i - 1] + "); entries must be strictly increasing byte values");
            }
            b[i] = x;
        }
        return ofBytes(b);
    }

    /** What the ids stand for: code points or UTF-8 bytes. */
    public Units units() {
        return units;
    }

    /** The code points (or byte values) in id order. */
    public int[] values() {
        return codePoints.clone();
    }

    /** A decoder that turns this vocabulary's ids back into text, one at a time. */
    public TextDecoder newDecoder() {
        return new TextDecoder(this);
    }

    /**
     * The vocabulary whose {@link #symbols()} are the given strings, as read back from a
     * checkpoint: each must be exactly one code point, strictly increasing.
     */
    public static Vocabulary fromStrings(List<String> symbols) {
        int[] cps = new int[symbols.size()];
        for (int i = 0; i < cps.length; i++) {
            String s = symbols.get(i);
            if (s == null) {
                throw new IllegalArgumentException("vocabulary entry " + i + " is null");
            }
            if (s.isEmpty() || s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("vocabulary entry " + i + " \"" + s + "\" has "
                        + s.codePointCount(0, s.length()) + " code points, expected exactly 1");
            }
            cps[i] = s.codePointAt(0);
            if (!CodePoints.isScalarValue(cps[i])) {
                throw new IllegalArgumentException("vocabulary entry " + i + " "
                        + CodePoints.describe(cps[i]) + " is a lone surrogate, not a character");
            }
            if (i > 0 && cps[i] <= cps[i - 1]) {
                throw new IllegalArgumentException("vocabulary entry " + i + " "
                        + CodePoints.describe(cps[i]) + " is not greater than entry " + (i - 1)
                        + " " + CodePoints.describe(cps[i - 1])
                        + "; entries must be strictly increasing code points");
            }
        }
        return new Vocabulary(cps);
    }

    /** V, the number of distinct characters. */
    public int size() {
        return codePoints.length;
    }

    /** The characters as one-code-point strings in id order (for JSON); a byte vocabulary has {@link #values()}. */
    public List<String> symbols() {
        requireCodePoints("symbols");
        List<String> out = new ArrayList<>(codePoints.length);
        for (int cp : codePoints) {
            out.add(new String(Character.toChars(cp)));
        }
        return List.copyOf(out);
    }

    /** The id of a code point, or -1 when it is not in the vocabulary. */
    public int id(int codePoint) {
        if (codePoint >= 0 && codePoint < bmpIds.length) {
            return bmpIds[codePoint];
        }
        if (codePoint <= Character.MAX_VALUE) {
            return -1; // a BMP code point above the largest BMP entry
        }
        int i = Arrays.binarySearch(codePoints, codePoint);
        return i >= 0 ? i : -1;
    }

    /** The id of a code point, the unknown id for one outside the vocabulary, or -1 if there is none. */
    public int idOrUnknown(int codePoint) {
        int id = id(codePoint);
        return id >= 0 ? id : unkId;
    }

    /** The id of the unknown entry (U+FFFD), or -1 when every character of the text has its own. */
    public int unknownId() {
        return unkId;
    }

    /** The unknown characters seen in the training text, in code point order. */
    public int[] unknownCodePoints() {
        return unkCodePoints.clone();
    }

    /** How often each of {@link #unknownCodePoints} occurs in the training text. */
    public long[] unknownCounts() {
        return unkCounts.clone();
    }

    /**
     * -log q(c) in nats, the cost of naming which unknown character the unknown id stood for:
     * q(c) = count(c) / (n + 1) for a character seen n times in all in training, and the remaining
     * 1 / (n + 1) shared evenly by every other Unicode scalar value, so that q sums to 1.
     */
    public double unknownNats(int codePoint) {
        if (unkId < 0) {
            throw new IllegalStateException("this vocabulary has no unknown entry");
        }
        int i = Arrays.binarySearch(unkCodePoints, codePoint);
        if (i >= 0) {
            return -Math.log((double) unkCounts[i] / (unkTotal + 1));
        }
        double unseen = SCALAR_VALUES - unkCodePoints.length - (codePoints.length - 1);
        return Math.log(unkTotal + 1) + Math.log(unseen);
    }

    /** The ids of the characters of a text, those outside the vocabulary as the unknown id (which it must have). */
    public int[] encodeMappingUnknown(String text) {
        if (unkId < 0) {
            return encode(text);
        }
        return text.codePoints().map(this::idOrUnknown).toArray();
    }

    /** The code point of an id in [0, V). */
    public int codePoint(int id) {
        if (id < 0 || id >= codePoints.length) {
            throw new IllegalArgumentException(
                    "id " + id + " is out of range for a vocabulary of size " + codePoints.length);
        }
        return codePoints[id];
    }

    /** The ids of the characters (or UTF-8 bytes) of a text; names the unknown characters if there are any. */
    public int[] encode(String text) {
        if (units == Units.BYTES) {
            return encodeBytes(text);
        }
        int[] ids = new int[text.codePointCount(0, text.length())];
        Set<Integer> unknown = null;
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int id = id(cp);
            if (id < 0) {
                if (unknown == null) {
                    unknown = new TreeSet<>();
                }
                unknown.add(cp);
            }
            ids[n++] = id;
            i += Character.charCount(cp);
        }
        if (unknown != null) {
            throw new UnknownCharactersException(new ArrayList<>(unknown), size());
        }
        return ids;
    }

    private int[] encodeBytes(String text) {
        int[] ids = new int[text.length() * 3]; // a UTF-16 char is at most 3 UTF-8 bytes (a pair: 4 for 2)
        int[] bytes = new int[4];
        Set<Integer> unknown = null;
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int len = Units.utf8(cp, bytes);
            for (int k = 0; k < len; k++) {
                ids[n] = id(bytes[k]);
                if (ids[n++] < 0) {
                    if (unknown == null) {
                        unknown = new TreeSet<>();
                    }
                    unknown.add(cp);
                }
            }
            i += Character.charCount(cp);
        }
        if (unknown != null) {
            throw new UnknownCharactersException(new ArrayList<>(unknown), size());
        }
        return Arrays.copyOf(ids, n);
    }

    /** The text of a sequence of ids (for bytes, an incomplete sequence at the end is left out). */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        TextDecoder d = newDecoder();
        for (int id : ids) {
            d.append(id, sb);
        }
        return sb.toString();
    }

    /** The one-character text of an id. */
    public String decode(int id) {
        requireCodePoints("decode(id)");
        return new String(Character.toChars(codePoint(id)));
    }

    /** Appends the character of an id (one or two UTF-16 chars) to {@code sb}; bytes need a {@link #newDecoder}. */
    public void appendTo(StringBuilder sb, int id) {
        requireCodePoints("appendTo");
        sb.appendCodePoint(codePoint(id));
    }

    private void requireCodePoints(String what) {
        if (units != Units.CODEPOINTS) {
            throw new IllegalStateException(what + " is for a vocabulary of code points; this one holds bytes");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(codePoints, v.codePoints) && unkId == v.unkId && units == v.units
                && Arrays.equals(unkCodePoints, v.unkCodePoints) && Arrays.equals(unkCounts, v.unkCounts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints) * 31 + unkId;
    }

    @Override
    public String toString() {
        return "Vocabulary(" + units.id() + ", V=" + codePoints.length + (unkId >= 0 ? ", unk_id=" + unkId : "") + ")";
    }
}
