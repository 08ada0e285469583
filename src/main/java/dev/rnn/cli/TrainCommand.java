package dev.rnn.cli;

import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.RunLock;
import dev.rnn.data.CorpusException;
import dev.rnn.model.CellType;
import dev.rnn.model.Nonlinearity;
import dev.rnn.optim.OptimizerType;
import dev.rnn.train.StopReason;
import dev.rnn.train.TrainOptions;
import dev.rnn.train.Trainer;
import dev.rnn.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn train}: trains a model on a corpus, or resumes a run. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Train a character-level model on a UTF-8 text file.",
                "Checkpoints go to --out: last.safetensors (every --checkpoint-every steps, at the end and on Ctrl-C)"
                        + " and best.safetensors (lowest validation loss), each written to a temporary file and renamed.",
                "--resume DIR continues a run exactly where it stopped, with the run's own options;"
                        + " of the options given again, --max-steps, --max-time, --epochs, --eval-every,"
                        + " --checkpoint-every, --sample-len, --threads (to extend or steer the run) and --lr,"
                        + " --lr-decay, --lr-decay-after, --clip, --clip-value (e.g. after a divergence) may change;"
                        + " the architecture, data and optimizer may not."})
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CORPUS", description = "The training text (UTF-8).")
    String corpus;

    @Option(names = "--cell", defaultValue = TrainOptions.D_CELL, description = "lstm, gru or rnn.")
    CellType cell;
    @Option(names = "--activation", defaultValue = TrainOptions.D_ACTIVATION, description = "tanh or relu (for --cell rnn).")
    Nonlinearity activation;
    @Option(names = "--identity-init", description = "Identity recurrent matrix and zero biases (rnn with relu; Le et al. 2015).")
    boolean identityInit;
    @Option(names = "--hidden", defaultValue = TrainOptions.D_HIDDEN, description = "Hidden units per layer (H).")
    int hidden;
    @Option(names = "--layers", defaultValue = TrainOptions.D_LAYERS, description = "Stacked recurrent layers (L).")
    int layers;
    @Option(names = "--dropout", defaultValue = TrainOptions.D_DROPOUT, description = "Dropout between layers and before the decoder, in [0, 1).")
    float dropout;
    @Option(names = "--batch", defaultValue = TrainOptions.D_BATCH, description = "Parallel streams per step (N).")
    int batch;
    @Option(names = "--seq-len", defaultValue = TrainOptions.D_SEQ_LEN, description = "Steps of backpropagation through time (T).")
    int seqLen;
    @Option(names = "--lr", defaultValue = TrainOptions.D_LR, description = "Learning rate.")
    float lr;
    @Option(names = "--lr-decay", defaultValue = TrainOptions.D_LR_DECAY, description = "Multiply the learning rate by this after each epoch past --lr-decay-after.")
    float lrDecay;
    @Option(names = "--lr-decay-after", defaultValue = TrainOptions.D_LR_DECAY_AFTER, description = "Epochs before the decay starts.")
    int lrDecayAfter;
    @Option(names = "--optimizer", defaultValue = TrainOptions.D_OPTIMIZER, description = "adam, rmsprop, adagrad or sgd.")
    OptimizerType optimizer;
    @Option(names = "--momentum", defaultValue = TrainOptions.D_MOMENTUM, description = "Momentum for sgd.")
    float momentum;
    @Option(names = "--clip", defaultValue = TrainOptions.D_CLIP, description = "Clip gradients to this global L2 norm; 0 disables.")
    float clip;
    @Option(names = "--clip-value", defaultValue = TrainOptions.D_CLIP_VALUE, description = "Clip each gradient element to ±this (char-rnn uses 5); 0 disables.")
    float clipValue;
    @Option(names = "--epochs", defaultValue = TrainOptions.D_EPOCHS, description = "Passes over the training split.")
    int epochs;
    @Option(names = "--max-steps", defaultValue = TrainOptions.D_MAX_STEPS, description = "Stop after this many steps; 0 = no limit.")
    long maxSteps;
    @Option(names = "--max-time", defaultValue = TrainOptions.D_MAX_TIME, converter = DurationConverter.class,
            description = "Stop after this much training time, e.g. 90s, 10m, 2h; 0 = no limit.")
    long maxTime;
    @Option(names = "--val-frac", defaultValue = TrainOptions.D_VAL_FRAC, description = "Fraction of the corpus, at its end, held out for validation.")
    double valFrac;
    @Option(names = "--eval-every", defaultValue = TrainOptions.D_EVAL_EVERY, description = "Evaluate on the validation split every this many steps (and at the end).")
    int evalEvery;
    @Option(names = "--checkpoint-every", defaultValue = TrainOptions.D_CHECKPOINT_EVERY, description = "Write last.safetensors every this many steps.")
    int checkpointEvery;
    @Option(names = "--sample-len", defaultValue = TrainOptions.D_SAMPLE_LEN, description = "Characters of sample text logged at each evaluation; 0 = none.")
    int sampleLen;
    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<corpus>-<date>-<time>).")
    String out;
    @Option(names = "--random-seed", defaultValue = TrainOptions.D_RANDOM_SEED, description = "Seeds initialisation, dropout and samples.")
    long randomSeed;
    @Option(names = "--threads", description = "Threads for the matrix products (default: all cores).")
    Integer threads;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last.safetensors.")
    Path resume;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    /** Option name → TrainOptions field, to know which ones the user gave (for --resume). */
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        String[][] pairs = {{"--cell", "cell"}, {"--activation", "activation"}, {"--identity-init", "identityInit"},
                {"--hidden", "hidden"}, {"--layers", "layers"}, {"--dropout", "dropout"}, {"--batch", "batch"},
                {"--seq-len", "seqLen"}, {"--lr", "lr"}, {"--lr-decay", "lrDecay"}, {"--lr-decay-after", "lrDecayAfter"},
                {"--optimizer", "optimizer"}, {"--momentum", "momentum"}, {"--clip", "clip"}, {"--clip-value", "clipValue"},
                {"--epochs", "epochs"}, {"--max-steps", "maxSteps"}, {"--max-time", "maxTimeSeconds"},
                {"--val-frac", "valFrac"}, {"--eval-every", "evalEvery"}, {"--checkpoint-every", "checkpointEvery"},
                {"--sample-len", "sampleLen"}, {"--random-seed", "randomSeed"}, {"--threads", "threads"}};
        for (String[] p : pairs) {
            FIELDS.put(p[0], p[1]);
        }
    }

    @Override
    public Integer call() throws Exception {
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        TrainingSession session;
        if (resume != null) {
            if (!Files.isRegularFile(resume.resolve(TrainingSession.LAST))) {
                throw new UserException("cannot resume: " + resume.resolve(TrainingSession.LAST)
                        + " does not exist; give the run directory that holds it", ExitCodes.FAILURE, null);
            }
            Set<String> explicit = new HashSet<>();
            FIELDS.forEach((flag, field) -> {
                if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
                    explicit.add(field);
                }
            });
            if (corpus != null) {
                throw UserException.usage("--resume takes the corpus from the run; drop the CORPUS argument");
            }
            TrainOptions given = options(resume.toString(), "-", nThreads);
            session = setUp(() -> TrainingSession.resume(resume, given, explicit, Compute.backend(nThreads)));
            LOG.info("resuming {} at step {}", resume, session.step());
        } else {
            if (corpus == null) {
                throw new ParameterException(spec.commandLine(), "missing CORPUS: the text file to train on (or --resume DIR)");
            }
            String dir = out != null ? out : RunDirs.newRunDir(corpus).toString();
            if (Files.exists(Path.of(dir).resolve(TrainingSession.LAST))) {
                throw new UserException(dir + " already holds a run (" + TrainingSession.LAST + "); continue it with"
                        + " --resume " + dir + " or choose another --out", ExitCodes.FAILURE, null);
            }
            TrainOptions o = options(dir, Path.of(corpus).toAbsolutePath().normalize().toString(), nThreads);
            session = setUp(() -> TrainingSession.create(o, Compute.backend(nThreads)));
        }
        Path dir = session.dir();
        createDir(dir);
        try (RunLock lock = RunLock.acquire(dir)) {
            TrainOptions o = session.options();
            LOG.info("run directory {}", lock.dir());
            LOG.info("{} on {} (vocabulary {}), {} parameters; batch {} x {} steps, {} lr {}, {} thread(s), {} kernels",
                    session.model().config().describe(), o.corpus(), session.vocab().size(),
                    session.model().config().parameterCount(), o.batch(), o.seqLen(), o.optimizer().id(), o.lr(),
                    o.threads(), session.model().backend().name());
            AtomicBoolean stop = new AtomicBoolean();
            Interrupts interrupts = Interrupts.install(stop);
            Progress progress = new Progress(spec.commandLine().getErr(), quiet);
            StopReason reason;
            try {
                reason = new Trainer(session, progress, stop).run();
            } finally {
                progress.close();
            }
            LOG.info("stopped at step {}: {}; last checkpoint {}", session.step(), reason.text(), dir.resolve(TrainingSession.LAST));
            if (reason == StopReason.INTERRUPTED) {
                spec.commandLine().getErr().println("Interrupted at step " + session.step() + "; checkpoint saved."
                        + " Resume with: rnn train --resume " + dir);
                return interrupts.exitCode();
            }
            return ExitCodes.OK;
        }
    }

    /** Something that builds a session and may fail on the corpus or a checkpoint. */
    private interface SetUp {
        TrainingSession get() throws CorpusException, CheckpointException;
    }

    /** Runs a set-up step, turning a size mismatch (e.g. a corpus shorter than one batch) into a one-line error. */
    private static TrainingSession setUp(SetUp s) throws CorpusException, CheckpointException {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILURE, e);
        }
    }

    private TrainOptions options(String dir, String corpusPath, int nThreads) {
        try {
            return new TrainOptions(corpusPath, cell, activation, identityInit, hidden, layers, dropout, batch, seqLen,
                    lr, lrDecay, lrDecayAfter, optimizer, momentum, clip, clipValue, epochs, maxSteps, maxTime, valFrac,
                    evalEvery, checkpointEvery, sampleLen, dir, randomSeed, nThreads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void createDir(Path dir) {
        try {
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new UserException("cannot write to " + dir + "; choose another --out", ExitCodes.FAILURE, null);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new UserException("--out " + dir + " exists and is not a directory; choose another --out", ExitCodes.FAILURE, e);
        } catch (java.io.IOException e) {
            throw new UserException("cannot create the run directory " + dir + " (" + e.getMessage()
                    + "); choose another --out", ExitCodes.FAILURE, e);
        }
    }
}
