package dev.rnn.data;

import java.util.List;

/** Names code points for user-facing messages, e.g. {@code 'é' (U+00E9)}. */
final class CodePoints {

    /** How many characters a message names before it says "and k more". */
    static final int MAX_NAMED = 10;

    private CodePoints() {
    }

    /**
     * {@code 'é' (U+00E9)} for a visible character; {@code U+000A LINE FEED (LF)} for a control,
     * format or separator character, which would break or hide inside a one-line message.
     */
    static String describe(int codePoint) {
        String hex = String.format("U+%04X", codePoint);
        if (isVisible(codePoint)) {
            return "'" + new String(Character.toChars(codePoint)) + "' (" + hex + ")";
        }
        String name = Character.isValidCodePoint(codePoint) ? Character.getName(codePoint) : null;
        return name == null ? hex : hex + " " + name;
    }

    /** The first {@link #MAX_NAMED} code points described and joined, then "and k more". */
    static String describeAll(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder();
        int named = Math.min(codePoints.size(), MAX_NAMED);
        for (int i = 0; i < named; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(describe(codePoints.get(i)));
        }
        if (codePoints.size() > named) {
            sb.append(" and ").append(codePoints.size() - named).append(" more");
        }
        return sb.toString();
    }

    /** "1 character is" or "12 distinct characters are", to start a sentence about unknowns. */
    static String countDistinct(int count) {
        return count == 1 ? "1 character is" : count + " distinct characters are";
    }

    /** A usable vocabulary entry: a Unicode scalar value (surrogates cannot stand alone in text). */
    static boolean isScalarValue(int codePoint) {
        return Character.isValidCodePoint(codePoint)
                && !(codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
    }

    private static boolean isVisible(int codePoint) {
        if (!isScalarValue(codePoint)) {
            return false;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
