package dev.rnn.cli;

import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.RunLock;
import dev.rnn.data.CorpusException;
import dev.rnn.train.ModelSpec;
import dev.rnn.train.OptimSpec;
import dev.rnn.train.RunConfig;
import dev.rnn.train.Schedule;
import dev.rnn.train.StopReason;
import dev.rnn.train.Trainer;
import dev.rnn.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code rnn train}: trains a model on a corpus, or resumes a run. */
@Command(name = "train", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        defaultValueProvider = InitialValues.class,
        description = {"Train a character-level model on a UTF-8 text file.",
                "Checkpoints go to --out: last.safetensors (every --checkpoint-every steps, at the end and on Ctrl-C)"
                        + " and best.safetensors (lowest validation loss), each written to a temporary file and renamed.",
                "--resume DIR continues a run exactly where it stopped, with the run's own options (those not"
                        + " given keep the run's values, --threads included); of the options given again,"
                        + " --max-steps, --max-time, --epochs, --eval-every, --checkpoint-every, --sample-len,"
                        + " --threads (to extend or steer the run) and --lr, --lr-decay, --lr-decay-after, --clip,"
                        + " --clip-value (e.g. after a divergence) may change; the architecture, data, optimizer"
                        + " and seed may not."})
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions(ModelSpec.DEFAULT);
    @Mixin
    DataOptions data = new DataOptions();
    @Mixin
    OptimOptions optim = new OptimOptions(OptimSpec.DEFAULT);
    @Mixin
    ScheduleOptions schedule = new ScheduleOptions(Schedule.DEFAULT);
    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<corpus>-<date>-<time>).")
    String out;
    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR from its last.safetensors.")
    Path resume;
    @Option(names = "--quiet", arity = "0..1", fallbackValue = "true", description = "No progress bar.")
    boolean quiet;
    @Option(names = "--init-from", paramLabel = "CHECKPOINT", description = "Start a new run from this trained"
            + " model's weights (fine-tuning, as char-rnn's -init_from), with a fresh optimizer; characters new to it"
            + " get freshly initialised rows. Same --cell, --hidden, --layers and --units.")
    Path initFrom;
    @Option(names = "--preset", paramLabel = "NAME", converter = Preset.Converter.class, completionCandidates = Preset.Names.class,
            description = "Start a new run from the options measured best for a time budget: ${COMPLETION-CANDIDATES}"
                    + " (README: Quality at a budget). Options given on the command line win; the log names those taken."
                    + " With --resume its options are checked against the run's, as if typed (its --max-time aside).")
    Preset preset;
    @Option(names = "--no-cache", arity = "0..1", fallbackValue = "true", description = "Scan the corpus instead of"
            + " reading it from (and writing it to) the corpus cache, $XDG_CACHE_HOME/rnn.")
    boolean noCache;

    @Override
    public Integer call() throws Exception {
        TrainingSession session;
        if (resume != null) {
            if (data.corpus != null && !data.corpus.isEmpty()) {
                throw UserException.usage("--resume takes the corpus from the run; drop the CORPUS argument");
            }
            if (out != null) {
                throw UserException.usage("--resume continues the run in its own directory; drop --out");
            }
            if (initFrom != null) {
                throw UserException.usage("--resume continues the run from its own weights; drop --init-from");
            }
            if (!Files.isRegularFile(resume.resolve(TrainingSession.LAST))) {
                throw new UserException("cannot resume: " + resume.resolve(TrainingSession.LAST)
                        + " does not exist; give the run directory that holds it", ExitCodes.FAILURE, null);
            }
            TrainingSession.Saved saved = TrainingSession.open(resume);
            // a preset given again (as sweep.sh resumes, with every option) counts as its options typed again
            Map<String, String> taken = preset == null ? Map.of() : preset.applyTo(spec);
            Schedule resumed = resumedSchedule(saved.config(), taken);
            refuseStepDecayWithCosine(saved.config().optim());
            session = setUp(() -> TrainingSession.resume(saved, resumed, Compute.backend(resumed.threads()),
                    cache(), LOG::warn, new ScanBar(quiet)));
            LOG.info("resuming {} at step {}", resume, session.step());
        } else {
            if (data.corpus == null || data.corpus.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "missing CORPUS: the text file to train on (or --resume DIR)");
            }
            Map<String, String> taken = preset == null ? Map.of() : preset.applyTo(spec);
            if (preset != null) {
                LOG.info("preset {}: {}", preset.id(), taken.isEmpty() ? "each of its options was given on the command line"
                        : Preset.commandLine(taken));
            }
            // a value the run refuses may have come from the preset, which the user never typed
            String from = presetContext(taken);
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs")
                    || taken.containsKey("--epochs");
            RunConfig config = valid(() -> new RunConfig(model.toRecord(), data.toRecord(), optim.toRecord(),
                    epochsGiven ? schedule.toRecord() : schedule.toRecord().untilGivenLimit()), from);
            refuseStepDecayWithCosine(config.optim());
            if (config.optim().lrSchedule() == dev.rnn.train.LrSchedule.COSINE && !config.schedule().hasLimit()) {
                throw new ParameterException(spec.commandLine(), "--lr-schedule cosine decays over the run's length,"
                        + " but --epochs 0 with no --max-steps or --max-time has none: give one of them");
            }
            Path dir = Path.of(out != null ? out : RunDirs.newRunDir(data.corpus.get(0)).toString());
            if (Files.exists(dir.resolve(TrainingSession.LAST))) {
                throw new UserException(dir + " already holds a run (" + TrainingSession.LAST + "); continue it with"
                        + " --resume " + dir + " or choose another --out", ExitCodes.FAILURE, null);
            }
            session = setUp(() -> TrainingSession.create(config, dir, Compute.backend(config.schedule().threads()),
                    cache(), LOG::warn, initFrom, new ScanBar(quiet)));
            if (initFrom != null) {
                LOG.info("initialised from {}: {} of {} characters are new to it (freshly initialised rows)", initFrom,
                        session.newCharacters(), session.vocab().size());
            }
        }
        Path dir = session.dir();
        createDir(dir);
        try (RunLock lock = RunLock.acquire(dir)) {
            RunConfig c = session.config();
            LOG.info("run directory {}", lock.dir());
            for (String skipped : session.skippedFiles()) {
                LOG.warn("skipped (--skip-bad-files): {}", skipped);
            }
            LOG.info("{} on {} (vocabulary {}{}{}), {} parameters; batch {} x {} steps, {} lr {}, {} thread(s), {} kernels",
                    session.model().config().describe(), c.data().corpus(), session.vocab().size(),
                    c.data().units() == dev.rnn.data.Units.BYTES ? " byte values" : "",
                    session.vocab().unknownId() < 0 ? "" : ", U+FFFD for " + session.vocab().unknownCodePoints().length
                            + " rarer characters",
                    session.model().config().parameterCount(), c.data().batch(), c.data().seqLen(),
                    c.optim().optimizer().id(), c.schedule().lr(), c.schedule().threads(), session.model().backend().name());
            AtomicBoolean stop = new AtomicBoolean();
            Interrupts interrupts = Interrupts.install(stop);
            Progress progress = new Progress(spec.commandLine().getErr(), quiet,
                    c.data().units() == dev.rnn.data.Units.BYTES ? "byte" : "char");
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

    /**
     * The run's saved schedule with the schedule options given again (a step or time limit given
     * without --epochs lifts the epoch limit, as for a new run); any other run option given
     * with a value other than the run's is refused. Each group is set from the saved record and
     * the given options are laid over it, so an option not given keeps the run's value.
     */
    private Schedule resumedSchedule(RunConfig saved, Map<String, String> taken) {
        Set<String> fromPreset = taken.keySet();
        String from = presetContext(taken);
        keepOrRefuse(model, saved.model(), false, fromPreset, from);
        keepOrRefuse(data, saved.data(), false, fromPreset, from);
        keepOrRefuse(optim, saved.optim(), false, fromPreset, from);
        // the preset's schedule options (its --max-time) do not steer a resumed run: only typed ones do
        Schedule resumed = valid(() -> keepOrRefuse(schedule, saved.schedule(), true, Set.of(), ""));
        ParseResult parsed = spec.commandLine().getParseResult();
        boolean newLimit = parsed.hasMatchedOption("--max-steps") || parsed.hasMatchedOption("--max-time");
        return newLimit && !parsed.hasMatchedOption("--epochs") ? resumed.untilGivenLimit() : resumed;
    }

    /** {@code fromPreset}: options the preset set, given as if typed; {@code from} names the preset in an error. */
    private <R> R keepOrRefuse(OptionGroup<R> group, R saved, boolean mayChange, Set<String> fromPreset, String from) {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<OptionSpec, Object> given = new LinkedHashMap<>();
        for (OptionSpec o : group.options()) {
            if (parsed.hasMatchedOption(o) || fromPreset.contains(o.longestName())) {
                given.put(o, o.getValue());
            }
        }
        group.set(saved);
        for (Map.Entry<OptionSpec, Object> e : given.entrySet()) {
            OptionSpec o = e.getKey();
            Object was = o.getValue();
            if (Objects.equals(was, e.getValue())) {
                continue;
            }
            if (!mayChange) {
                throw new UserException("--resume continues the run in " + resume + " with its own " + o.longestName()
                        + " " + show(was) + "; it cannot change to " + show(e.getValue()) + from + ". Start a new run"
                        + " with another --out to change it", ExitCodes.FAILURE, null);
            }
            o.setValue(e.getValue());
        }
        return group.toRecord();
    }

    /** --lr-decay and --lr-decay-after are char-rnn's step rule; a cosine run decays by itself. */
    private void refuseStepDecayWithCosine(OptimSpec o) {
        if (o.lrSchedule() != dev.rnn.train.LrSchedule.COSINE) {
            return;
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        for (String name : new String[] {"--lr-decay", "--lr-decay-after"}) {
            if (parsed.hasMatchedOption(name)) {
                throw new ParameterException(spec.commandLine(), name + " is char-rnn's step decay, but the run's"
                        + " --lr-schedule is cosine, which decays to --min-lr by itself: drop " + name);
            }
        }
    }

    /** What an error adds when the preset set some of the options: "(--preset 1h set --hidden 384 ...)", or "". */
    private String presetContext(Map<String, String> taken) {
        return taken.isEmpty() ? "" : " (--preset " + preset.id() + " set " + Preset.commandLine(taken) + ")";
    }

    private dev.rnn.data.CorpusCache cache() {
        return noCache ? null : new dev.rnn.data.CorpusCache(dev.rnn.data.CorpusCache.defaultDir());
    }

    private static String show(Object value) {
        return value instanceof Enum<?> e ? e.name().toLowerCase(Locale.ROOT) : String.valueOf(value);
    }

    /** Builds a record from the options, turning a value out of range into a usage error. */
    private <T> T valid(Supplier<T> build) {
        return valid(build, "");
    }

    /** As {@link #valid(Supplier)}, with {@code context} after the message. */
    private <T> T valid(Supplier<T> build, String context) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage() + context);
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
