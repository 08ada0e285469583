package dev.rnn.cli;

import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.data.UnknownCharactersException;
import dev.rnn.math.Rng;
import dev.rnn.sample.Sampler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rnn sample}: warm up on a seed, then generate text one character at a time to stdout. */
@Command(name = "sample", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Generate text from a trained model: prints the seed, then --len sampled characters,"
                + " each fed back as the next input, streamed as they are produced."})
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CheckpointOption checkpoint = new CheckpointOption();
    @Option(names = "--seed", defaultValue = "\n", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER, description = "Text to warm the model up on; it is printed first (default: a newline).")
    String seed;
    @Option(names = "--len", defaultValue = "500", description = "Characters to sample.")
    int len;
    @Option(names = "--temperature", defaultValue = "1.0", description = "Softmax temperature; lower is more conservative, 0 = always the most likely character.")
    float temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "Sample only among the k most likely characters; 0 = all.")
    int topK;
    @Option(names = "--random-seed", description = "Seed of the sampler: the same seed gives the same text (default: random, printed on stderr).")
    Long randomSeed;
    @Option(names = "--map-unknown", arity = "0..1", fallbackValue = "true", description = "Map characters of the"
            + " seed that the model does not know to its unknown id (a model trained with --max-vocab or --min-count).")
    boolean mapUnknown;
    @Mixin
    ThreadsOptions threads = new ThreadsOptions(1);

    @Override
    public Integer call() throws Exception {
        if (len < 0) {
            throw UserException.usage("--len is " + len + "; it must be >= 0");
        }
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw UserException.usage("--temperature is " + temperature + "; it must be >= 0 (0 = argmax)");
        }
        if (topK < 0) {
            throw UserException.usage("--top-k is " + topK + "; it must be >= 0 (0 = no limit)");
        }
        int nThreads = threads.count();
        if (seed.isEmpty()) {
            throw UserException.usage("--seed is empty; give at least one character");
        }
        Path file = checkpoint.resolve(spec.commandLine().getErr(), "sampling from");
        LoadedModel loaded = ModelCheckpoint.load(file, Compute.backend(nThreads));
        int[] seedIds;
        try {
            seedIds = mapUnknown ? loaded.vocab().encodeMappingUnknown(seed) : loaded.vocab().encode(seed);
        } catch (UnknownCharactersException e) {
            throw UserException.usage("--seed has characters the model does not know: " + e.getMessage()
                    + "; use only characters of the training text"
                    + (loaded.vocab().unknownId() >= 0 ? ", or --map-unknown to read them as its unknown id" : ""));
        }
        long rs = randomSeed != null ? randomSeed : System.nanoTime() ^ Double.doubleToLongBits(Math.random());
        if (randomSeed == null) {
            spec.commandLine().getErr().println("rnn: --random-seed " + rs);
        }
        Sampler sampler = new Sampler(loaded.model(), temperature, topK, new Rng(rs));
        PrintWriter out = spec.commandLine().getOut();
        out.print(seed);
        out.flush();
        sampler.warmUp(seedIds);
        StringBuilder sb = new StringBuilder(2);
        dev.rnn.data.TextDecoder decoder = loaded.vocab().newDecoder(); // holds back an incomplete UTF-8 sequence
        for (int i = 0; i < len; i++) {
            sb.setLength(0);
            decoder.append(sampler.next(), sb);
            out.print(sb);
            out.flush();
        }
        out.println();
        out.flush();
        return ExitCodes.OK;
    }
}
