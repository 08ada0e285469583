package dev.rnn.train;

import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.checkpoint.SafeTensorsFile;
import dev.rnn.data.BatchStreams;
import dev.rnn.data.Corpus;
import dev.rnn.data.CorpusException;
import dev.rnn.data.CorpusReader;
import dev.rnn.data.Split;
import dev.rnn.data.Vocabulary;
import dev.rnn.backend.Backend;
import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.RnnState;
import dev.rnn.optim.Optimizer;
import dev.rnn.optim.OptimizerType;
import dev.rnn.optim.Sgd;
import java.nio.file.Path;
import dev.rnn.data.CorpusCache;
import dev.rnn.data.IdStorage;
import dev.rnn.data.ScanProgress;
import dev.rnn.data.CorpusFiles;
import java.util.function.Consumer;
import dev.rnn.data.CorpusFingerprint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run is made of: configuration, data, model, optimizer, batch position,
 * stream states, random generators and progress counters. Built fresh from a configuration, or
 * restored exactly from a run directory's {@code last.safetensors}; turned back into checkpoint
 * metadata by {@link #metadata}.
 */
public final class TrainingSession {
    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";

    final RunConfig config;
    final Path dir;
    final Vocabulary vocab;
    final Split split;
    final CharRnn model;
    final Optimizer optimizer;
    final BatchStreams batches;
    final RnnState streams;
    final Rng dropoutRng;
    long step;
    double bestValLoss = Double.NaN;
    long bestValStep;
    double elapsedBefore;
    /** The step at which a cosine learning rate reaches --min-lr, fixed once and saved; 0 until known. */
    long lrHorizon;
    private List<String> skippedFiles = List.of();
    private int newCharacters = -1;
    private CorpusFingerprint fingerprint = new CorpusFingerprint(List.of());
    /** The checkpoint key of the corpus fingerprint (a JSON object). */
    static final String FINGERPRINT_KEY = "train.corpus_fingerprint";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private TrainingSession(RunConfig config, Path dir, Vocabulary vocab, Split split, CharRnn model) {
        this.config = config;
        this.dir = dir;
        this.vocab = vocab;
        this.split = split;
        this.model = model;
        this.optimizer = createOptimizer(config.optim(), model);
        this.batches = new BatchStreams(split.train(), config.data().batch(), config.data().seqLen());
        this.streams = model.newState(config.data().batch());
        this.dropoutRng = Rng.derive(config.optim().randomSeed(), "dropout");
    }

    /** A run's last checkpoint, read, with the configuration it was saved with. */
    public record Saved(Path dir, Path file, SafeTensorsFile contents, RunConfig config) {
    }

    /** A new run in {@code dir}: reads the corpus, initialises the model from the seed. */
    public static TrainingSession create(RunConfig config, Path dir, Backend mm) throws CorpusException {
        return create(config, dir, mm, null, w -> { });
    }

    /**
     * A new run in {@code dir}, its corpus taken from {@code cache} when it holds it (null: always
     * scanned); {@code warn} receives a line for a damaged or unwritable cache entry.
     */
    public static TrainingSession create(RunConfig config, Path dir, Backend mm, CorpusCache cache,
                                         Consumer<String> warn) throws CorpusException {
        try {
            return create(config, dir, mm, cache, warn, null);
        } catch (CheckpointException e) {
            throw new IllegalStateException("no checkpoint is read without --init-from", e);
        }
    }

    /**
     * A new run whose model starts from the weights of the trained model in {@code initFrom}
     * (null: from the seed), with a fresh optimizer; characters new to that model keep their
     * fresh initialisation ({@link #newCharacters}).
     */
    public static TrainingSession create(RunConfig config, Path dir, Backend mm, CorpusCache cache,
                                         Consumer<String> warn, Path initFrom) throws CorpusException, CheckpointException {
        return create(config, dir, mm, cache, warn, initFrom, ScanProgress.NONE);
    }

    /** {@link #create(RunConfig, Path, Backend, CorpusCache, Consumer, Path)}, telling {@code progress} how a scan goes. */
    public static TrainingSession create(RunConfig config, Path dir, Backend mm, CorpusCache cache,
                                         Consumer<String> warn, Path initFrom, ScanProgress progress)
            throws CorpusException, CheckpointException {
        List<String> skipped = new ArrayList<>();
        Corpus corpus = readCorpus(config.data(), skipped, cache, warn, progress);
        ModelConfig mc = modelConfig(config, corpus.vocab());
        CharRnn model = new CharRnn(mc, mm);
        model.initialize(Rng.derive(config.optim().randomSeed(), "init"), config.model().identityInit());
        int newChars = -1;
        if (initFrom != null) {
            LoadedModel trained = ModelCheckpoint.load(initFrom, mm);
            newChars = InitFrom.copy(trained.model(), trained.vocab(), model, corpus.vocab(), initFrom.toString());
        }
        TrainingSession s = new TrainingSession(config, dir, corpus.vocab(),
                corpus.split(config.data().valFrac(), config.data().valChars()), model);
        s.skippedFiles = List.copyOf(skipped);
        s.fingerprint = corpus.fingerprint();
        s.newCharacters = newChars;
        return s;
    }

    /** Reads the last checkpoint of the run in {@code dir} and its configuration (any format version this code reads). */
    public static Saved open(Path dir) throws CheckpointException {
        Path file = dir.resolve(LAST);
        SafeTensorsFile f = SafeTensors.read(file);
        int version = ModelCheckpoint.formatVersion(f.metadata(), file);
        return new Saved(dir, file, f, RunConfig.read(f.metadata(), version, "checkpoint " + file));
    }

    /**
     * Continues a run from its last checkpoint: same model, optimizer state, step, batch position,
     * stream states and random generators; only the schedule may differ from the saved one.
     */
    public static TrainingSession resume(Saved saved, Schedule schedule, Backend mm)
            throws CheckpointException, CorpusException {
        return resume(saved, schedule, mm, null, w -> { });
    }

    /** {@link #resume(Saved, Schedule, Backend)} with the corpus from {@code cache} when it holds it. */
    public static TrainingSession resume(Saved saved, Schedule schedule, Backend mm, CorpusCache cache,
                                         Consumer<String> warn) throws CheckpointException, CorpusException {
        return resume(saved, schedule, mm, cache, warn, ScanProgress.NONE);
    }

    /** {@link #resume(Saved, Schedule, Backend, CorpusCache, Consumer)}, telling {@code progress} how a scan goes. */
    public static TrainingSession resume(Saved saved, Schedule schedule, Backend mm, CorpusCache cache,
                                         Consumer<String> warn, ScanProgress progress)
            throws CheckpointException, CorpusException {
        RunConfig config = saved.config().with(schedule);
        Map<String, String> meta = saved.contents().metadata();
        String where = "checkpoint " + saved.file();
        List<String> skipped = new ArrayList<>();
        Corpus corpus = readCorpus(config.data(), skipped, cache, warn, progress);
        String fp = meta.get(FINGERPRINT_KEY);
        if (fp != null) { // format 3 on
            CorpusFingerprint saved0;
            try {
                saved0 = JSON.readValue(fp, CorpusFingerprint.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new CheckpointException(where + ": " + FINGERPRINT_KEY + " cannot be read; the file is damaged", e);
            }
            String diff = saved0.difference(corpus.fingerprint());
            if (diff != null) {
                throw new CheckpointException("cannot resume " + saved.dir() + ": the corpus has changed since the run"
                        + " began (" + diff + "); restore it, or start a new run with another --out");
            }
        }
        ModelConfig expected = modelConfig(config, corpus.vocab()); // checks the memory before the model is built
        ModelSpec spec = config.model();
        LoadedModel loaded = ModelCheckpoint.load(saved.file(), saved.contents(), mm, spec.dropout(), spec.lockedDropout(),
                spec.weightDrop());
        if (!corpus.vocab().equals(loaded.vocab())) {
            throw new CheckpointException("the corpus " + config.data().corpus() + " has changed since the run began (its"
                    + " characters differ from the checkpoint's); restore it, or start a new run");
        }
        ModelConfig built = loaded.model().config();
        if (!built.describe().equals(expected.describe())) {
            throw new CheckpointException(where + " holds a " + built.describe() + " model but its configuration says "
                    + expected.describe() + "; the file is damaged");
        }
        TrainingSession s = new TrainingSession(config, saved.dir(), corpus.vocab(),
                corpus.split(config.data().valFrac(), config.data().valChars()), loaded.model());
        s.skippedFiles = List.copyOf(skipped);
        s.fingerprint = corpus.fingerprint();
        ModelCheckpoint.restoreOptimizer(loaded, s.optimizer);
        ModelCheckpoint.restoreStreams(loaded, s.streams);
        s.step = longKey(meta, "train.step", where);
        s.batches.seek((int) longKey(meta, "train.epoch", where), longKey(meta, "train.chunk", where));
        s.dropoutRng.setState(longKey(meta, "train.dropout_rng", where));
        s.bestValLoss = Double.parseDouble(meta.getOrDefault("train.best_val_loss", "NaN"));
        s.bestValStep = Long.parseLong(meta.getOrDefault("train.best_val_step", "0"));
        s.elapsedBefore = Double.parseDouble(meta.getOrDefault("train.elapsed_seconds", "0"));
        s.lrHorizon = Long.parseLong(meta.getOrDefault("train.lr_horizon", "0"));
        return s;
    }

    /** The checkpoint metadata that, with the model, optimizer and streams, restores this run. */
    Map<String, String> metadata(double elapsedSeconds) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(RunConfig.KEY, config.toJson());
        m.put("train.step", Long.toString(step));
        m.put("train.epoch", Integer.toString(batches.epoch()));
        m.put("train.chunk", Long.toString(batches.chunk()));
        m.put("train.dropout_rng", Long.toString(dropoutRng.state()));
        m.put("train.best_val_loss", Double.toString(bestValLoss));
        m.put("train.best_val_step", Long.toString(bestValStep));
        m.put("train.elapsed_seconds", Double.toString(elapsedSeconds));
        m.put("train.lr_horizon", Long.toString(lrHorizon));
        try {
            m.put(FINGERPRINT_KEY, JSON.writeValueAsString(fingerprint));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the corpus fingerprint as JSON", e);
        }
        return m;
    }

    public RunConfig config() {
        return config;
    }

    public CharRnn model() {
        return model;
    }

    public Vocabulary vocab() {
        return vocab;
    }

    public long step() {
        return step;
    }

    public Path dir() {
        return dir;
    }

    /** The run's corpus, in its units and with its vocabulary policy. */
    private static Corpus readCorpus(DataSpec d, List<String> skipped, CorpusCache cache, Consumer<String> warn,
                                     ScanProgress progress) throws CorpusException {
        List<Path> listed = CorpusFiles.list(d.corpus().stream().map(Path::of).toList(), d.include(), d.exclude());
        CorpusCache.Scan scan = storage -> {
            List<String> bad = new ArrayList<>();
            List<Path> files = d.skipBadFiles() ? CorpusReader.validFiles(listed, bad) : listed;
            Corpus c = d.units() == dev.rnn.data.Units.BYTES ? CorpusReader.readBytes(files, storage, progress)
                    : CorpusReader.read(files, d.vocabularyPolicy(), d.valFrac(), storage, progress);
            return new CorpusCache.Entry(c, bad);
        };
        // what besides the files decides the scan: units, vocabulary policy, split (unknown positions), skipping
        String how = d.units() + " maxVocab=" + d.maxVocab() + " minCount=" + d.minCount() + " valFrac=" + d.valFrac()
                + " skipBadFiles=" + d.skipBadFiles();
        CorpusCache.Entry e = cache == null ? scan.run(IdStorage.standard()) : cache.getOrScan(listed, how, scan, warn);
        skipped.addAll(e.skipped());
        return e.corpus();
    }

    /** With --init-from, how many characters of the corpus the trained model did not have (fresh rows); else -1. */
    public int newCharacters() {
        return newCharacters;
    }

    /** The corpus files left out because they are not valid UTF-8 (with --skip-bad-files), each with why. */
    public List<String> skippedFiles() {
        return skippedFiles;
    }

    /** The model's configuration, refused with the memory it needs if it would not fit in this heap. */
    private static ModelConfig modelConfig(RunConfig c, Vocabulary vocab) {
        ModelConfig mc = c.model().config(vocab.size());
        MemoryEstimate.of(mc, c.optim().optimizer(), c.data().batch(), c.data().seqLen())
                .requireFits(Runtime.getRuntime().maxMemory());
        return mc;
    }

    private static Optimizer createOptimizer(OptimSpec o, CharRnn model) {
        if (o.optimizer() == OptimizerType.SGD) {
            return new Sgd(model.params(), o.momentum());
        }
        return Optimizer.create(o.optimizer(), model.params());
    }

    private static long longKey(Map<String, String> meta, String key, String where) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw new CheckpointException(where + " has no " + key + "; it cannot resume this run");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(where + ": " + key + " is '" + v + "', expected a whole number", e);
        }
    }
}
