package dev.rnn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.data.BatchStreams;
import dev.rnn.data.Corpus;
import dev.rnn.data.CorpusException;
import dev.rnn.data.CorpusReader;
import dev.rnn.data.Split;
import dev.rnn.data.Vocabulary;
import dev.rnn.backend.Backend;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.RnnState;
import dev.rnn.optim.Optimizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything a training run is made of: options, data, model, optimizer, batch position, stream
 * states, random generators and progress counters. Built fresh from options, or restored exactly
 * from a run directory's {@code last.safetensors}; turned back into checkpoint metadata by
 * {@link #metadata()}.
 */
public final class TrainingSession {
    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";
    /** Options that {@code --resume} may change; the others define the run. */
    public static final Set<String> RESUMABLE = Set.of("maxSteps", "maxTimeSeconds", "epochs", "evalEvery",
            "checkpointEvery", "sampleLen", "threads", "lr", "lrDecay", "lrDecayAfter", "clip", "clipValue");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> OPTION_MAP =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    final TrainOptions options;
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

    private TrainingSession(TrainOptions options, Vocabulary vocab, Split split, CharRnn model) {
        this.options = options;
        this.dir = Path.of(options.out());
        this.vocab = vocab;
        this.split = split;
        this.model = model;
        this.optimizer = createOptimizer(options, model);
        this.batches = new BatchStreams(split.train(), options.batch(), options.seqLen());
        this.streams = model.newState(options.batch());
        this.dropoutRng = Rng.derive(options.randomSeed(), "dropout");
    }

    /** A new run: reads the corpus, initialises the model from the seed. */
    public static TrainingSession create(TrainOptions options, Backend mm) throws CorpusException {
        Corpus corpus = CorpusReader.read(Path.of(options.corpus()));
        Split split = splitOf(corpus, options);
        CharRnn model = new CharRnn(modelConfig(options, corpus.vocab()), mm);
        model.initialize(Rng.derive(options.randomSeed(), "init"), options.identityInit());
        return new TrainingSession(options, corpus.vocab(), split, model);
    }

    /**
     * Continues the run in {@code dir} from its last checkpoint: same model, optimizer state,
     * step, batch position, stream states and random generators.
     *
     * @param given    the options given on the command line (defaults for the rest)
     * @param explicit the option fields the user actually gave; only {@link #RESUMABLE} ones may differ
     */
    public static TrainingSession resume(Path dir, TrainOptions given, Set<String> explicit, Backend mm)
            throws CheckpointException, CorpusException {
        Path file = dir.resolve(LAST);
        LoadedModel loaded = ModelCheckpoint.load(file, mm);
        Map<String, String> meta = loaded.metadata();
        String where = "checkpoint " + file;
        TrainOptions saved = parseOptions(meta.get("train.options"), where);
        TrainOptions options = merge(saved, given, explicit, dir);
        Corpus corpus = CorpusReader.read(Path.of(options.corpus()));
        if (!corpus.vocab().equals(loaded.vocab())) {
            throw new CheckpointException("the corpus " + options.corpus() + " has changed since the run began (its"
                    + " characters differ from the checkpoint's); restore it, or start a new run");
        }
        Split split = splitOf(corpus, options);
        CharRnn model = new CharRnn(modelConfig(options, corpus.vocab()), mm);
        for (Param p : model.params()) {
            Param from = loaded.model().param(p.name());
            System.arraycopy(from.value().data, 0, p.value().data, 0, p.size());
        }
        TrainingSession s = new TrainingSession(options, corpus.vocab(), split, model);
        ModelCheckpoint.restoreOptimizer(loaded, s.optimizer);
        ModelCheckpoint.restoreStreams(loaded, s.streams);
        s.step = longKey(meta, "train.step", where);
        s.batches.seek((int) longKey(meta, "train.epoch", where), (int) longKey(meta, "train.chunk", where));
        s.dropoutRng.setState(longKey(meta, "train.dropout_rng", where));
        s.bestValLoss = Double.parseDouble(meta.getOrDefault("train.best_val_loss", "NaN"));
        s.bestValStep = Long.parseLong(meta.getOrDefault("train.best_val_step", "0"));
        s.elapsedBefore = Double.parseDouble(meta.getOrDefault("train.elapsed_seconds", "0"));
        return s;
    }

    /** The checkpoint metadata that, with the model, optimizer and streams, restores this run. */
    Map<String, String> metadata(double elapsedSeconds) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            m.put("train.options", JSON.writeValueAsString(options));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the options as JSON", e);
        }
        m.put("train.step", Long.toString(step));
        m.put("train.epoch", Integer.toString(batches.epoch()));
        m.put("train.chunk", Integer.toString(batches.chunk()));
        m.put("train.dropout_rng", Long.toString(dropoutRng.state()));
        m.put("train.best_val_loss", Double.toString(bestValLoss));
        m.put("train.best_val_step", Long.toString(bestValStep));
        m.put("train.elapsed_seconds", Double.toString(elapsedSeconds));
        return m;
    }

    public TrainOptions options() {
        return options;
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

    private static Split splitOf(Corpus corpus, TrainOptions o) {
        return corpus.split(o.valFrac());
    }

    private static ModelConfig modelConfig(TrainOptions o, Vocabulary vocab) {
        return new ModelConfig(o.cell(), o.activation(), vocab.size(), o.hidden(), o.layers(), o.dropout());
    }

    private static Optimizer createOptimizer(TrainOptions o, CharRnn model) {
        if (o.optimizer() == dev.rnn.optim.OptimizerType.SGD) {
            return new dev.rnn.optim.Sgd(model.params(), o.momentum());
        }
        return Optimizer.create(o.optimizer(), model.params());
    }

    private static TrainOptions parseOptions(String json, String where) throws CheckpointException {
        if (json == null) {
            throw new CheckpointException(where + " holds a model but no training state (no train.options);"
                    + " it can be sampled and evaluated but not resumed");
        }
        try {
            return JSON.readValue(json, TrainOptions.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new CheckpointException(where + ": its train.options cannot be read (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    /** The saved options with the resumable fields the user gave on the command line. */
    static TrainOptions merge(TrainOptions saved, TrainOptions given, Set<String> explicit, Path dir)
            throws CheckpointException {
        Map<String, Object> s = JSON.convertValue(saved, OPTION_MAP);
        Map<String, Object> g = JSON.convertValue(given, OPTION_MAP);
        for (String field : explicit) {
            if (!g.containsKey(field) || java.util.Objects.equals(s.get(field), g.get(field))) {
                continue;
            }
            if (!RESUMABLE.contains(field)) {
                throw new CheckpointException("--resume continues the run in " + dir + " with its own " + field
                        + " (" + s.get(field) + "); it cannot change to " + g.get(field) + ". Start a new run with"
                        + " another --out to change it");
            }
            s.put(field, g.get(field));
        }
        s.put("out", dir.toString()); // the run directory may have been moved
        return JSON.convertValue(s, TrainOptions.class);
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
