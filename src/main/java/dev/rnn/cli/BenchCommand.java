package dev.rnn.cli;

import dev.rnn.data.Corpus;
import dev.rnn.data.CorpusReader;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.train.Benchmark;
import dev.rnn.train.MemoryEstimate;
import dev.rnn.train.ModelSpec;
import dev.rnn.train.OptimSpec;
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

/** {@code rnn bench}: training and sampling speed of a configuration on this machine. */
@Command(name = "bench", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        defaultValueProvider = InitialValues.class,
        description = {"Measure training speed (warm-up, then timed training steps: the trainer's step with"
                + " rnn train's default schedule, clipping at norm 5 and Adam at 2e-3) and sampling speed at batch 1."
                + " Without CORPUS the text is random over 65 characters."})
final class BenchCommand implements Callable<Integer> {
    /** bench's own model defaults: an LSTM 2x128, small enough to time in seconds. */
    private static final ModelSpec MODEL_DEFAULTS = new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 128, 2, 0f, false, false, 0f);

    @Spec
    CommandSpec command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CORPUS", description = "A text to train on (default: synthetic).")
    Path corpus;
    @Mixin
    ModelOptions model = new ModelOptions(MODEL_DEFAULTS);
    @Option(names = "--batch", defaultValue = "50", description = "Parallel streams per step (N).")
    int batch;
    @Option(names = "--seq-len", defaultValue = "50", description = "Steps of backpropagation through time (T).")
    int seqLen;
    @Option(names = "--warmup", defaultValue = "5", description = "Untimed steps first (at least this many).")
    int warmup;
    @Option(names = "--warmup-seconds", defaultValue = "3",
            description = "Untimed steps for at least this long first, while the JIT compiles the kernels.")
    double warmupSeconds;
    @Option(names = "--steps", defaultValue = "30", description = "Timed training steps.")
    int steps;
    @Option(names = "--sample-len", defaultValue = "1000", description = "Characters sampled at batch 1 (0 skips).")
    int sampleLen;
    @Mixin
    ThreadsOptions threads = ThreadsOptions.allCores();
    @Option(names = "--json", arity = "0..1", fallbackValue = "true", description = "Print one JSON line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelSpec spec;
        try {
            spec = model.toRecord();
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        for (int v : new int[] {batch, seqLen, steps}) {
            if (v < 1) {
                throw UserException.usage("--batch, --seq-len and --steps must be at least 1");
            }
        }
        if (warmup < 0 || sampleLen < 0 || !(warmupSeconds >= 0)) {
            throw UserException.usage("--warmup, --warmup-seconds and --sample-len must be >= 0");
        }
        int nThreads = threads.count();
        int[] ids;
        int vocab;
        if (corpus != null) {
            Corpus c = CorpusReader.read(corpus);
            ids = c.ids().toArray();
            vocab = c.vocab().size();
        } else {
            vocab = 65;
            Rng rng = new Rng(42);
            ids = new int[1 << 20];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (int) (rng.nextFloat() * vocab);
            }
        }
        ModelConfig config = spec.config(vocab);
        try {
            MemoryEstimate.of(config, OptimSpec.DEFAULT.optimizer(), batch, seqLen)
                    .requireFits(Runtime.getRuntime().maxMemory());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILURE, e);
        }
        CharRnn net = new CharRnn(config, Compute.backend(nThreads));
        net.initialize(new Rng(7), spec.identityInit());
        Benchmark.Result r = Benchmark.run(net, ids, batch, seqLen, warmup, warmupSeconds, steps, sampleLen);
        PrintWriter out = command.commandLine().getOut();
        String kernels = net.backend().name();
        if (json) {
            out.println(String.format(Locale.ROOT, "{\"model\": \"%s\", \"vocab\": %d, \"batch\": %d, \"seq_len\": %d,"
                            + " \"threads\": %d, \"kernels\": \"%s\", \"java\": \"%s\", \"steps\": %d, \"train_chars_per_sec\": %.1f,"
                            + " \"ms_per_step\": %.3f, \"gflops\": %.2f, \"flops_per_char\": %.0f, \"sample_chars_per_sec\": %.1f,"
                            + " \"peak_heap_mb\": %.1f, \"final_loss\": %.4f}",
                    config.describe(), vocab, batch, seqLen, nThreads, kernels, Runtime.version(), steps,
                    r.trainCharsPerSec(), r.msPerStep(), r.gflops(), r.flopsPerChar(), r.sampleCharsPerSec(),
                    r.peakHeapBytes() / 1e6, r.finalLoss()));
        } else {
            out.println(String.format(Locale.ROOT, "%s, vocabulary %d, batch %d x %d steps, %d thread(s), %s kernels, Java %s",
                    config.describe(), vocab, batch, seqLen, nThreads, kernels, Runtime.version()));
            out.println(String.format(Locale.ROOT, "training  %10.0f chars/s  %8.2f ms/step  %6.1f GFLOP/s (%.2f MFLOP/char)",
                    r.trainCharsPerSec(), r.msPerStep(), r.gflops(), r.flopsPerChar() / 1e6));
            if (sampleLen > 0) {
                out.println(String.format(Locale.ROOT, "sampling  %10.0f chars/s at batch 1", r.sampleCharsPerSec()));
            }
            out.println(String.format(Locale.ROOT, "peak heap %10.1f MB", r.peakHeapBytes() / 1e6));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
