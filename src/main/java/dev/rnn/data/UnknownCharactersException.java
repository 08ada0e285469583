package dev.rnn.data;

import java.util.List;

/** Thrown when text contains characters that a {@link Vocabulary} has no id for; names them. */
public final class UnknownCharactersException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Integer> unknownCodePoints;

    /**
     * @param unknownCodePoints the distinct unknown code points, ascending
     * @param vocabularySize    the size of the vocabulary that lacks them, for the message
     */
    UnknownCharactersException(List<Integer> unknownCodePoints, int vocabularySize) {
        super(CodePoints.countDistinct(unknownCodePoints.size()) + " not in the vocabulary ("
                + vocabularySize + " characters): " + CodePoints.describeAll(unknownCodePoints));
        this.unknownCodePoints = List.copyOf(unknownCodePoints);
    }

    /** The distinct unknown code points, ascending. */
    public List<Integer> unknownCodePoints() {
        return unknownCodePoints;
    }
}
