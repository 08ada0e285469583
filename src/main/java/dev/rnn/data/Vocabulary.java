package dev.rnn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;

/**
 * The sorted set of Unicode code points of a text; a character's id is its index in that order.
 * Code points, not UTF-16 chars: an emoji, a CJK character or U+1D538 is one character.
 */
public final class Vocabulary {

    private final int[] codePoints; // (V) strictly increasing; id -> code point

    // id of every BMP code point up to the largest in the vocabulary (-1 when absent); astral
    // code points are rare in a vocabulary and fall back to a binary search of codePoints
    private final int[] bmpIds;

    private Vocabulary(int[] sortedDistinct) {
        if (sortedDistinct.length == 0) {
            throw new IllegalArgumentException("a vocabulary needs at least one character, got none");
        }
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

    /** The characters as one-code-point strings in id order (for JSON). */
    public List<String> symbols() {
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

    /** The code point of an id in [0, V). */
    public int codePoint(int id) {
        if (id < 0 || id >= codePoints.length) {
            throw new IllegalArgumentException(
                    "id " + id + " is out of range for a vocabulary of size " + codePoints.length);
        }
        return codePoints[id];
    }

    /** The ids of the characters of a text; names the unknown characters if there are any. */
    public int[] encode(String text) {
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

    /** The text of a sequence of ids. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            appendTo(sb, id);
        }
        return sb.toString();
    }

    /** The one-character text of an id. */
    public String decode(int id) {
        return new String(Character.toChars(codePoint(id)));
    }

    /** Appends the character of an id (one or two UTF-16 chars) to {@code sb}. */
    public void appendTo(StringBuilder sb, int id) {
        sb.appendCodePoint(codePoint(id));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary && Arrays.equals(codePoints, ((Vocabulary) o).codePoints);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(codePoints);
    }

    @Override
    public String toString() {
        return "Vocabulary(V=" + codePoints.length + ")";
    }
}
