package dev.rnn.api;

import dev.rnn.backend.Backends;
import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.data.TextDecoder;
import dev.rnn.data.Units;
import dev.rnn.data.UnknownCharactersException;
import dev.rnn.data.Vocabulary;
import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.sample.BeamSearch;
import dev.rnn.sample.Sampler;
import dev.rnn.sample.Scorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A trained character model loaded from a checkpoint, ready to generate and score text. Safe
 * for many threads at once: every {@link Generation} and every {@link #score} call has its own
 * state, and the weights are only read.
 */
public final class CharModel {
    /** The most streams one {@link #generate(String, SamplingConfig, int)} runs as a batch. */
    public static final int MAX_STREAMS = 1024;

    private final Path file;
    private final CharRnn model;
    private final Vocabulary vocab;

    private CharModel(Path file, CharRnn model, Vocabulary vocab) {
        this.file = file;
        this.model = model;
        this.vocab = vocab;
    }

    /** Loads a checkpoint ({@code .safetensors}, ours or PyTorch's in this layout) on one thread. */
    public static CharModel load(Path checkpoint) throws ModelException {
        return load(checkpoint, 1);
    }

    /** Loads a checkpoint whose matrix products each use up to {@code threads} threads. */
    public static CharModel load(Path checkpoint, int threads) throws ModelException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads is " + threads + "; it must be at least 1");
        }
        try {
            LoadedModel loaded = ModelCheckpoint.load(checkpoint, Backends.best(threads));
            return new CharModel(checkpoint, loaded.model(), loaded.vocab());
        } catch (CheckpointException e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /** The checkpoint this model was loaded from. */
    public Path file() {
        return file;
    }

    /** The characters the model knows, in id order. */
    public List<String> vocabulary() {
        return vocab.symbols();
    }

    /** {@code lstm}, {@code gru} or {@code rnn}. */
    public String cell() {
        return model.config().cell().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** L, the number of recurrent layers. */
    public int layers() {
        return model.config().layers();
    }

    /** H, the units per layer. */
    public int hidden() {
        return model.config().hidden();
    }

    /** A short description: cell, layers x hidden, e.g. "lstm 2x256". */
    public String describe() {
        ModelConfig c = model.config();
        return c.describe();
    }

    /**
     * Starts generating after {@code seed} (at least one character, all in the vocabulary).
     *
     * @throws UnknownTextException when the seed has characters the model does not know
     */
    public Generation generate(String seed, SamplingConfig config) {
        return generate(seed, config, 1);
    }

    /**
     * Starts {@code streams} independent generations after the same seed, run as one batch
     * (faster than one after the other); stream i uses random seed {@code config.randomSeed() + i}.
     */
    public Generation generate(String seed, SamplingConfig config, int streams) {
        if (streams < 1 || streams > MAX_STREAMS) {
            throw new IllegalArgumentException("streams is " + streams + "; it must be in 1.." + MAX_STREAMS);
        }
        int[] ids = encode(seed, "seed");
        Rng[] rngs = new Rng[streams];
        for (int i = 0; i < streams; i++) {
            rngs[i] = new Rng(config.randomSeed() + i);
        }
        Sampler sampler = new Sampler(model, (float) config.temperature(), config.topK(), config.topP(), rngs);
        sampler.warmUp(ids);
        return new Generation(this, sampler);
    }

    /**
     * The continuation of {@code len} characters with the highest total log-probability that a
     * beam search of width {@code beams} finds (deterministic; 1 = greedy).
     */
    public List<Sampled> beamSearch(String seed, int beams, int len) {
        if (len < 0) {
            throw new IllegalArgumentException("len is " + len + "; it must be >= 0");
        }
        BeamSearch.Result r = new BeamSearch(model, beams).search(encode(seed, "seed"), len);
        List<Sampled> out = new ArrayList<>(len);
        TextDecoder decoder = vocab.newDecoder();
        StringBuilder sb = new StringBuilder(2);
        for (int i = 0; i < len; i++) {
            sb.setLength(0);
            decoder.append(r.ids()[i], sb);
            out.add(new Sampled(sb.toString(), r.logProbs()[i]));
        }
        return out;
    }

    /**
     * Scores every character of {@code text} after the first, given the ones before it, from a
     * zero state; the log-probabilities sum to minus {@code rnn eval}'s total on the same text.
     *
     * @param topK   how many alternatives to list per character (0..V)
     * @param hidden whether to report every layer's hidden state per character (slower)
     */
    public List<CharScore> score(String text, int topK, boolean hidden) {
        List<CharScore> out = new ArrayList<>();
        score(text, topK, hidden, out::add);
        return out;
    }

    /** As {@link #score(String, int, boolean)}, handing each character to {@code each} as it is scored. */
    public void score(String text, int topK, boolean hidden, Consumer<CharScore> each) {
        int[] ids = encode(text, "text");
        new Scorer(model, topK).score(ids, hidden, (p, id, lp, topIds, topLps, h) -> {
            List<Alternative> top = new ArrayList<>(topIds.length);
            for (int i = 0; i < topIds.length; i++) {
                top.add(new Alternative(text(topIds[i]), topLps[i]));
            }
            float[][] copy = null;
            if (h != null) {
                copy = new float[h.length][];
                for (int l = 0; l < h.length; l++) {
                    copy[l] = h[l].clone();
                }
            }
            each.accept(new CharScore(p, text(id), lp, List.copyOf(top), copy));
        });
    }

    private int[] encode(String text, String what) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("the " + what + " is empty; give at least one character");
        }
        try {
            return vocab.encode(text);
        } catch (UnknownCharactersException e) {
            throw new UnknownTextException("the " + what + " has characters the model does not know: " + e.getMessage(), e);
        }
    }

    /** Whether the model has an unknown-character entry (trained with --max-vocab or --min-count). */
    public boolean hasUnknown() {
        return vocab.unknownId() >= 0;
    }

    /**
     * {@code text} with every character the model does not know replaced by U+FFFD, its unknown
     * entry, when it has one ({@link #hasUnknown}); else {@code text} as it is.
     */
    public String mapUnknown(String text) {
        if (!hasUnknown()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> sb.appendCodePoint(vocab.id(c) >= 0 ? c : 0xFFFD));
        return sb.toString();
    }

    /** A decoder for one stream of generated ids (a byte-level model's characters span several ids). */
    TextDecoder newDecoder() {
        return vocab.newDecoder();
    }

    /**
     * The text of one id, as scores and alternatives show it: its character, or for a byte-level
     * model a byte that is not a whole character as {@code <XX>}.
     */
    String text(int id) {
        if (vocab.units() == Units.CODEPOINTS) {
            return vocab.decode(id);
        }
        int b = vocab.codePoint(id);
        return b < 0x80 ? String.valueOf((char) b) : String.format(java.util.Locale.ROOT, "<%02X>", b);
    }
}
