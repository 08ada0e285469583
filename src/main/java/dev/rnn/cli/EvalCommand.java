package dev.rnn.cli;

import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.data.CorpusReader;
import dev.rnn.data.IdSequence;
import dev.rnn.train.Evaluator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn eval}: the mean cross-entropy of a model on a text, read as one stream from a zero state. */
@Command(name = "eval", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Score a text with a trained model: the mean cross-entropy of characters 2..n given all"
                + " the characters before them, as one stream from a zero state."})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TEXTFILE", description = "The text to score (UTF-8).")
    Path text;
    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--json", arity = "0..1", fallbackValue = "true", description = "Print one JSON line: {\"chars\": n-1, \"nats_per_char\": x, \"bits_per_char\": y, \"unknown_chars\": u}.")
    boolean json;
    @Mixin
    ThreadsOptions threads = new ThreadsOptions(1);

    @Override
    public Integer call() throws Exception {
        int nThreads = threads.count();
        Path file = checkpoint.resolve(spec.commandLine().getErr(), "evaluating");
        LoadedModel loaded = ModelCheckpoint.load(file, Compute.backend(nThreads));
        CorpusReader.ScoredText scored = CorpusReader.encodeForScoring(text, loaded.vocab());
        IdSequence ids = scored.ids();
        if (ids.length() < 2) {
            throw new UserException(text + " has " + ids.length() + " character(s); scoring needs at least 2",
                    ExitCodes.FAILURE, null);
        }
        Evaluator.Score s = new Evaluator(loaded.model(), 1, 256).score(ids, scored.unknown());
        PrintWriter out = spec.commandLine().getOut();
        if (loaded.vocab().units() == dev.rnn.data.Units.BYTES) {
            // bits per character: the bits of every predicted byte over the characters after the first
            long chars = Math.max(1, scored.characters() - 1);
            double natsPerChar = s.natsPerChar() * s.chars() / chars;
            double ln2 = Math.log(2);
            out.println(json
                    ? String.format(Locale.ROOT, "{\"bytes\": %d, \"nats_per_byte\": %.8f, \"bits_per_byte\": %.8f,"
                            + " \"chars\": %d, \"nats_per_char\": %.8f, \"bits_per_char\": %.8f}", s.chars(),
                            s.natsPerChar(), s.bitsPerChar(), chars, natsPerChar, natsPerChar / ln2)
                    : String.format(Locale.ROOT, "%.6f bits/byte over %d bytes = %.6f bits/char over %d characters",
                            s.bitsPerChar(), s.chars(), natsPerChar / ln2, chars));
            out.flush();
            return ExitCodes.OK;
        }
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"chars\": %d, \"nats_per_char\": %.8f, \"bits_per_char\": %.8f,"
                    + " \"unknown_chars\": %d}", s.chars(), s.natsPerChar(), s.bitsPerChar(), s.unknownChars()));
        } else {
            out.println(String.format(Locale.ROOT, "%.6f nats/char = %.6f bits/char over %d characters%s",
                    s.natsPerChar(), s.bitsPerChar(), s.chars(), loaded.vocab().unknownId() < 0 ? ""
                            : " (" + s.unknownChars() + " unknown to the model's vocabulary, each charged -log p(unknown)"
                            + " - log q(c))"));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
