package dev.rnn.cli;

import dev.rnn.backend.Backend;
import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.checkpoint.SafeTensorsFile;
import dev.rnn.data.CorpusReader;
import dev.rnn.data.IdSequence;
import dev.rnn.model.CharRnn;
import dev.rnn.train.DynamicEvaluator;
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
                + " the characters before them, as one stream from a zero state.",
                "--dynamic also reports dynamic evaluation (Krause et al. 2018): a copy of the weights takes a"
                        + " gradient step on each chunk after scoring it; the checkpoint file is never changed. Its step"
                        + " size is --dynamic-lr, or the best of a grid on --tune-on, a text other than TEXTFILE."})
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
    @Option(names = "--dynamic", arity = "0..1", fallbackValue = "true",
            description = "Also score with dynamic evaluation (needs --dynamic-lr or --tune-on).")
    boolean dynamic;
    @Option(names = "--dynamic-lr", description = "The step size of dynamic evaluation; 0: tune it on --tune-on.")
    float dynamicLr;
    @Option(names = "--tune-on", paramLabel = "FILE", description = "A text other than TEXTFILE to tune --dynamic-lr on.")
    Path tuneOn;
    @Option(names = "--dynamic-seq-len", description = "Characters scored before each gradient step.")
    int dynamicSeqLen = 50;

    @Override
    public Integer call() throws Exception {
        checkDynamicOptions();
        // dynamic evaluation trains as it scores: like train, it takes all cores unless told otherwise
        int nThreads = dynamic && !spec.commandLine().getParseResult().hasMatchedOption("--threads")
                ? ThreadsOptions.allCores().count() : threads.count();
        Path file = checkpoint.resolve(spec.commandLine().getErr(), "evaluating");
        Backend backend = Compute.backend(nThreads);
        LoadedModel loaded = ModelCheckpoint.load(file, backend);
        CorpusReader.ScoredText scored = CorpusReader.encodeForScoring(text, loaded.vocab());
        IdSequence ids = scored.ids();
        if (dynamic && (loaded.vocab().unknownId() >= 0 || loaded.vocab().units() == dev.rnn.data.Units.BYTES)) {
            throw UserException.usage("--dynamic scores models over code points with every character in their"
                    + " vocabulary; " + file + " has " + (loaded.vocab().unknownId() >= 0 ? "an unknown-character id"
                    : "byte units") + ": evaluate it without --dynamic");
        }
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
        if (!dynamic) {
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
        SafeTensorsFile contents = SafeTensors.read(file); // each copy is built from these bytes; the file is only read
        DynamicEvaluator de = new DynamicEvaluator(() -> copy(file, contents, backend), dynamicSeqLen);
        float lr = dynamicLr > 0 ? dynamicLr : de.tune(CorpusReader.encode(tuneOn, loaded.vocab()));
        Evaluator.Score d = de.score(ids, lr);
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"chars\": %d, \"nats_per_char\": %.8f, \"bits_per_char\": %.8f,"
                            + " \"dynamic_nats_per_char\": %.8f, \"dynamic_bits_per_char\": %.8f, \"dynamic_lr\": %s}",
                    s.chars(), s.natsPerChar(), s.bitsPerChar(), d.natsPerChar(), d.bitsPerChar(), Float.toString(lr)));
        } else {
            out.println(String.format(Locale.ROOT, "%.6f nats/char = %.6f bits/char over %d characters (static)",
                    s.natsPerChar(), s.bitsPerChar(), s.chars()));
            out.println(String.format(Locale.ROOT, "%.6f nats/char = %.6f bits/char dynamic (step size %s%s)",
                    d.natsPerChar(), d.bitsPerChar(), Float.toString(lr), dynamicLr > 0 ? "" : ", tuned on " + tuneOn));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** --dynamic needs a step size, given or tuned on other text; the other dynamic options need --dynamic. */
    private void checkDynamicOptions() {
        if (!dynamic) {
            if (dynamicLr != 0 || tuneOn != null) {
                throw UserException.usage("--dynamic-lr and --tune-on apply to --dynamic; add --dynamic");
            }
            return;
        }
        if (!(dynamicLr >= 0 && Float.isFinite(dynamicLr))) {
            throw UserException.usage("--dynamic-lr is " + dynamicLr + "; it must be a positive number (or 0 to tune it)");
        }
        if (dynamicSeqLen < 1) {
            throw UserException.usage("--dynamic-seq-len is " + dynamicSeqLen + "; it must be at least 1");
        }
        if (dynamicLr > 0 && tuneOn != null) {
            throw UserException.usage("--dynamic-lr gives the step size and --tune-on tunes it: give one of them");
        }
        if (dynamicLr == 0 && tuneOn == null) {
            throw UserException.usage("--dynamic needs its step size: --dynamic-lr X, or --tune-on FILE to tune it on a"
                    + " text other than " + text);
        }
        if (tuneOn != null && tuneOn.toAbsolutePath().normalize().equals(text.toAbsolutePath().normalize())) {
            throw UserException.usage("--tune-on is the text being scored; tune on other text (e.g. the validation"
                    + " split) so the dynamic score is not fitted to " + text);
        }
    }

    private static CharRnn copy(Path file, SafeTensorsFile contents, Backend backend) {
        try {
            return ModelCheckpoint.load(file, contents, backend, 0f).model();
        } catch (CheckpointException e) {
            throw new IllegalStateException("the checkpoint " + file + " read once failed to load again", e);
        }
    }
}
