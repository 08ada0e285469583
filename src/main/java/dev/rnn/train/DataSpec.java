package dev.rnn.train;

import dev.rnn.data.Units;
import java.util.List;
import dev.rnn.data.VocabularyPolicy;

/**
 * What a run reads and in which shape, fixed for its lifetime: the corpus, its validation split
 * ({@code --val-frac}) and the part of it scored at each evaluation ({@code --val-chars}), and the
 * batch ({@code --batch} N streams × {@code --seq-len} T steps).
 *
 * @param corpus   the training text: files and directories, as absolute paths (see {@code data.CorpusFiles})
 * @param valFrac  the fraction of the corpus at its end held out for validation
 * @param valChars the characters at the start of the validation split scored at each evaluation
 *                 (the same ones every time); 0 scores the whole split
 * @param batch    N parallel streams
 * @param seqLen   T steps of truncated backpropagation
 * @param maxVocab the largest vocabulary, its unknown entry included (0: every character of the corpus)
 * @param minCount the fewest occurrences a character needs for its own id (0 or 1: all)
 * @param units    what the model reads and predicts: code points, or UTF-8 bytes
 * @param include  globs a file found in a directory must match (any of them; none: every file)
 * @param exclude  globs that leave out a file found in a directory
 * @param skipBadFiles leave out files that are not valid UTF-8 (listed in the log) instead of stopping
 */
public record DataSpec(List<String> corpus, double valFrac, long valChars, int batch, int seqLen, int maxVocab,
                       int minCount, Units units, List<String> include, List<String> exclude, boolean skipBadFiles) {
    public static final double DEFAULT_VAL_FRAC = 0.1;
    /** Enough for a validation loss within about 0.01 nats of the whole split's, at a bounded cost. */
    public static final long DEFAULT_VAL_CHARS = 200_000;
    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_SEQ_LEN = 64;

    public DataSpec {
        Specs.require(corpus != null && !corpus.isEmpty() && corpus.stream().noneMatch(c -> c == null || c.isBlank()),
                "a corpus file is required");
        corpus = List.copyOf(corpus);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        Specs.require(valFrac > 0 && valFrac <= 0.5, "--val-frac is " + valFrac + "; it must be in (0, 0.5]");
        Specs.require(valChars == 0 || valChars >= 2, "--val-chars is " + valChars
                + "; it must be at least 2 (an input and a target), or 0 for the whole validation split");
        Specs.require(batch >= 1, "--batch is " + batch + "; it must be at least 1");
        Specs.require(seqLen >= 1, "--seq-len is " + seqLen + "; it must be at least 1");
        VocabularyPolicy policy = new VocabularyPolicy(maxVocab, minCount); // checks --max-vocab and --min-count
        Specs.require(units != null, "--units is required");
        Specs.require(units == Units.CODEPOINTS || policy.keepsAll(), "--max-vocab and --min-count apply to"
                + " --units codepoints; a byte-level model already has at most 256 ids");
    }

    /** Which characters get their own id. */
    public VocabularyPolicy vocabularyPolicy() {
        return new VocabularyPolicy(maxVocab, minCount);
    }
}
