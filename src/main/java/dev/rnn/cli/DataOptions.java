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

    @Override
    DataSpec toRecord() {
        return new DataSpec(corpus == null ? null : Path.of(corpus).toAbsolutePath().normalize().toString(), valFrac,
                batch, seqLen);
    }

    @Override
    void set(DataSpec d) {
        corpus = d.corpus();
        valFrac = d.valFrac();
        batch = d.batch();
        seqLen = d.seqLen();
    }
}
