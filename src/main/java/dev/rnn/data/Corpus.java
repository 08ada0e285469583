package dev.rnn.data;

import java.util.Objects;

/** A text as character ids, with the vocabulary that maps them back to characters. */
public record Corpus(Vocabulary vocab, IdSequence ids) {

    /** The largest validation fraction: more would leave the model less to learn from than to test on. */
    public static final double MAX_VAL_FRAC = 0.5;

    public Corpus {
        Objects.requireNonNull(vocab, "vocab");
        Objects.requireNonNull(ids, "ids");
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
        int n = ids.length();
        int valLen = (int) Math.round(valFrac * n);
        int trainLen = n - valLen;
        if (trainLen < 2) {
            throw new IllegalArgumentException("validation fraction " + valFrac + " of " + n
                    + " characters leaves " + trainLen + " for training, need at least 2");
        }
        if (valFrac > 0 && valLen < 2) {
            throw new IllegalArgumentException("validation fraction " + valFrac + " of " + n
                    + " characters gives " + valLen + " for validation, need at least 2"
                    + " (use a larger fraction or 0 for no validation)");
        }
        return new Split(ids.slice(0, trainLen), ids.slice(trainLen, n));
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
        return new Split(whole.train(), val.slice(0, (int) scored));
    }
}
