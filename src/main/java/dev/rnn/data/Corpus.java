package dev.rnn.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A text as character ids, with the vocabulary that maps them back to characters and, when the
 * vocabulary has an unknown entry, where the unknown characters of the validation tail are (so
 * validation can charge each its -log q(c)).
 *
 * @param unknownAt         positions in the text of the unknown characters at or after
 *                          {@code unknownFrom}, increasing
 * @param unknownCodePoints the character at each of those positions
 * @param fingerprint       the files it was read from (empty for a corpus made in memory)
 */
public record Corpus(Vocabulary vocab, IdSequence ids, long unknownFrom, long[] unknownAt, int[] unknownCodePoints,
                     CorpusFingerprint fingerprint) {

    /** The largest validation fraction: more would leave the model less to learn from than to test on. */
    public static final double MAX_VAL_FRAC = 0.5;

    public Corpus {
        Objects.requireNonNull(vocab, "vocab");
        Objects.requireNonNull(ids, "ids");
        if (unknownAt.length != unknownCodePoints.length) {
            throw new IllegalArgumentException(unknownAt.length + " unknown positions but " + unknownCodePoints.length
                    + " characters");
        }
    }

    /** A text all of whose characters are in the vocabulary. */
    public Corpus(Vocabulary vocab, IdSequence ids) {
        this(vocab, ids, ids.length(), new long[0], new int[0], new CorpusFingerprint(java.util.List.of()));
    }

    /** This corpus, read from the files {@code f} describes. */
    public Corpus withFingerprint(CorpusFingerprint f) {
        return new Corpus(vocab, ids, unknownFrom, unknownAt, unknownCodePoints, f);
    }

    /** The length of the training head of {@code n} characters (see {@link #split(double)}). */
    static long trainLength(long n, double valFrac) {
        return n - Math.round(valFrac * n);
    }

    /**
     * Training = the head, validation = the contiguous tail of the last
     * {@code round(valFrac * length)} characters, so the split does not depend on the batch size
     * or sequence length. Each non-empty part needs at least 2 characters (one input, one target).
     *
     * @param valFrac in [0, 0.5]; 0 gives an empty validation part
     */
    public Split split(double valFrac) {
        if (!(valFrac >= 0 && valFrac <= MAX_VAL_FRAC)) {
            throw new IllegalArgumentException(
                    "validation fraction " + valFrac + " is outside [0, " + MAX_VAL_FRAC + "]");
        }
        long n = ids.length();
        long trainLen = trainLength(n, valFrac);
        long valLen = n - trainLen;
        if (trainLen < 2) {
            throw new IllegalArgumentException("validation fraction " + valFrac + " of " + n
                    + " characters leaves " + trainLen + " for training, need at least 2");
        }
        if (valFrac > 0 && valLen < 2) {
            throw new IllegalArgumentException("validation fraction " + valFrac + " of " + n
                    + " characters gives " + valLen + " for validation, need at least 2"
                    + " (use a larger fraction or 0 for no validation)");
        }
        return new Split(ids.slice(0, trainLen), ids.slice(trainLen, n), unknownTally(trainLen + 1, n));
    }

    /**
     * {@link #split(double)} with only the first {@code scored} characters of the validation tail
     * (all of it when it is shorter, or when {@code scored} is 0), so that every evaluation scores
     * the same characters at a cost that does not grow with the corpus.
     */
    public Split split(double valFrac, long scored) {
        Split whole = split(valFrac);
        IdSequence val = whole.validation();
        if (scored < 0 || scored == 1) {
            throw new IllegalArgumentException("validation characters to score is " + scored + ", need 0 (all) or at least 2");
        }
        if (scored == 0 || scored >= val.length()) {
            return whole;
        }
        long from = whole.train().length();
        return new Split(whole.train(), val.slice(0, scored), unknownTally(from + 1, from + scored));
    }

    /** The unknown characters at positions [from, to) (the predicted ones of a slice) and their cost. */
    private UnknownTally unknownTally(long from, long to) {
        if (vocab.unknownId() < 0 || from >= to) {
            return UnknownTally.NONE;
        }
        if (from < unknownFrom) {
            throw new IllegalStateException("unknown characters were recorded from position " + unknownFrom
                    + ", not " + from + "; read the corpus with this validation fraction");
        }
        int lo = lowerBound(unknownAt, from);
        int hi = lowerBound(unknownAt, to);
        UnknownTally t = UnknownTally.NONE;
        for (int i = lo; i < hi; i++) {
            t = t.plus(vocab, unknownCodePoints[i]);
        }
        return t;
    }

    private static int lowerBound(long[] sorted, long key) {
        int i = Arrays.binarySearch(sorted, key);
        return i >= 0 ? i : -i - 1;
    }
}
