package dev.rnn.cli;

import dev.rnn.data.Units;
import dev.rnn.train.DataSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The corpus and batch shape of {@code rnn train}: a {@link DataSpec}. */
final class DataOptions extends OptionGroup<DataSpec> {
    @Parameters(index = "0..*", arity = "0..*", paramLabel = "CORPUS", description = "The training text (UTF-8): files"
            + " and directories (read recursively, hidden ones skipped, each sorted by path), joined by a newline.")
    List<String> corpus;
    @Option(names = "--batch", description = "Parallel streams per step (N).")
    int batch = DataSpec.DEFAULT_BATCH;
    @Option(names = "--seq-len", description = "Steps of backpropagation through time (T).")
    int seqLen = DataSpec.DEFAULT_SEQ_LEN;
    @Option(names = "--val-frac", description = "Fraction of the corpus, at its end, held out for validation.")
    double valFrac = DataSpec.DEFAULT_VAL_FRAC;
    @Option(names = "--val-chars", paramLabel = "N", description = "Characters at the start of the validation split"
            + " scored at each evaluation, the same ones every time (the whole split if smaller); 0: the whole split.")
    long valChars = DataSpec.DEFAULT_VAL_CHARS;
    @Option(names = "--max-vocab", paramLabel = "K", description = "Keep the K-1 most frequent characters; every"
            + " other one maps to one unknown id (U+FFFD in samples). 0: keep all.")
    int maxVocab;
    @Option(names = "--min-count", paramLabel = "C", description = "Characters seen fewer than C times map to the"
            + " unknown id. 0: keep all.")
    int minCount;
    @Option(names = "--units", description = "What the model reads and predicts: codepoints (a character each) or"
            + " bytes (the text's UTF-8 bytes, at most 256 ids).")
    Units units = Units.CODEPOINTS;
    @Option(names = "--include", paramLabel = "GLOB", description = "Read only the files in directories that match"
            + " (their path in the directory or their name); may be repeated.")
    List<String> include = new ArrayList<>();
    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out the files in directories that match;"
            + " may be repeated.")
    List<String> exclude = new ArrayList<>();
    @Option(names = "--skip-bad-files", arity = "0..1", fallbackValue = "true", description = "Leave out files that"
            + " are not valid UTF-8 (they are listed) instead of stopping.")
    boolean skipBadFiles;

    @Override
    DataSpec toRecord() {
        return new DataSpec(corpus == null ? null
                : corpus.stream().map(c -> Path.of(c).toAbsolutePath().normalize().toString()).toList(), valFrac,
                valChars, batch, seqLen, maxVocab, minCount, units, include, exclude, skipBadFiles);
    }

    @Override
    void set(DataSpec d) {
        corpus = new ArrayList<>(d.corpus());
        valFrac = d.valFrac();
        valChars = d.valChars();
        batch = d.batch();
        seqLen = d.seqLen();
        maxVocab = d.maxVocab();
        minCount = d.minCount();
        units = d.units();
        include = new ArrayList<>(d.include());
        exclude = new ArrayList<>(d.exclude());
        skipBadFiles = d.skipBadFiles();
    }
}
