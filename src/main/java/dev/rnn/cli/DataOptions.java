package dev.rnn.cli;

import dev.rnn.train.DataSpec;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The corpus and batch shape of {@code rnn train}: a {@link DataSpec}. */
final class DataOptions extends OptionGroup<DataSpec> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CORPUS", description = "The training text (UTF-8).")
    String corpus;
    @Option(names = "--batch", description = "Parallel streams per step (N).")
    int batch = DataSpec.DEFAULT_BATCH;
    @Option(names = "--seq-len", description = "Steps of backpropagation through time (T).")
    int seqLen = DataSpec.DEFAULT_SEQ_LEN;
    @Option(names = "--val-frac", description = "Fraction of the corpus, at its end, held out for validation.")
    double valFrac = DataSpec.DEFAULT_VAL_FRAC;
    @Option(names = "--val-chars", paramLabel = "N", description = "Characters at the start of the validation split"
            + " scored at each evaluation, the same ones every time (the whole split if smaller); 0: the whole split.")
    long valChars = DataSpec.DEFAULT_VAL_CHARS;

    @Override
    DataSpec toRecord() {
        return new DataSpec(corpus == null ? null : Path.of(corpus).toAbsolutePath().normalize().toString(), valFrac,
                valChars, batch, seqLen);
    }

    @Override
    void set(DataSpec d) {
        corpus = d.corpus();
        valFrac = d.valFrac();
        valChars = d.valChars();
        batch = d.batch();
        seqLen = d.seqLen();
    }
}
