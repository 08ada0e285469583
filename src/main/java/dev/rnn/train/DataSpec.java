package dev.rnn.train;

/**
 * What a run reads and in which shape, fixed for its lifetime: the corpus, its validation split
 * ({@code --val-frac}) and the batch ({@code --batch} N streams × {@code --seq-len} T steps).
 *
 * @param corpus  the training text, as an absolute path
 * @param valFrac the fraction of the corpus at its end held out for validation
 * @param batch   N parallel streams
 * @param seqLen  T steps of truncated backpropagation
 */
public record DataSpec(String corpus, double valFrac, int batch, int seqLen) {
    public static final double DEFAULT_VAL_FRAC = 0.1;
    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_SEQ_LEN = 64;

    public DataSpec {
        Specs.require(corpus != null && !corpus.isBlank(), "a corpus file is required");
        Specs.require(valFrac > 0 && valFrac <= 0.5, "--val-frac is " + valFrac + "; it must be in (0, 0.5]");
        Specs.require(batch >= 1, "--batch is " + batch + "; it must be at least 1");
        Specs.require(seqLen >= 1, "--seq-len is " + seqLen + "; it must be at least 1");
    }
}
