package dev.rnn.sample;

import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;

/**
 * Generates N independent texts one character at a time from a trained model, as one batch:
 * warms the state up on a seed (once, at batch 1, then copied to every stream), then each step
 * draws every stream's next character with its own generator ({@link Picker}: temperature, top-k,
 * top-p) and feeds the N characters back as one (N, 1) forward pass. Each stream gets exactly the
 * characters it would get alone with its generator (the backend gives a row the same bits
 * whatever N is). After construction a step allocates nothing. It works on a copy of the
 * weights' layout made when it is constructed ({@link CharRnn#newInferenceWorkspace}), so make a
 * new sampler after the weights change. One sampler per thread; many may share a model.
 */
public final class Sampler {
    private final CharRnn model;
    private final Picker picker;
    private final Rng[] rngs;         // (N) one generator per stream
    private final RnnState state;     // N streams
    private final Workspace step;     // (N, 1)
    private final int[] input;        // (N)
    private final int[] single = new int[1];
    private final int vocab;
    private float[] lastLogits;       // (N, V) logits that predict each stream's next character
    private int[] lastOff;            // (N) where each stream's row starts in lastLogits
    private final double[] logProbs;  // (N) the model's log-probability of each last drawn id

    /** One stream; see {@link #Sampler(CharRnn, float, int, double, Rng...)}. */
    public Sampler(CharRnn model, float temperature, int topK, Rng rng) {
        this(model, temperature, topK, 1.0, rng);
    }

    /**
     * @param temperature 0 for argmax, else the softmax temperature (> 0)
     * @param topK        0 for the whole vocabulary, else sample among the k most likely
     * @param topP        1 for no cut, else nucleus sampling with mass p
     * @param rngs        one generator per stream (N = rngs.length >= 1)
     */
    public Sampler(CharRnn model, float temperature, int topK, double topP, Rng... rngs) {
        if (rngs.length < 1) {
            throw new IllegalArgumentException("a sampler needs at least one stream, got 0 generators");
        }
        int n = rngs.length;
        this.model = model;
        this.vocab = model.config().vocabSize();
        this.picker = new Picker(vocab, temperature, topK, topP);
        this.rngs = rngs.clone();
        this.state = model.newState(n);
        this.step = model.newInferenceWorkspace(n, 1);
        this.input = new int[n];
        this.lastOff = new int[n];
        this.logProbs = new double[n];
    }

    /** N, the number of streams. */
    public int streams() {
        return rngs.length;
    }

    /** Runs the seed (at least one character) through the model from a zero state, for every stream. */
    public void warmUp(int[] seed) {
        if (seed.length == 0) {
            throw new IllegalArgumentException("the seed text is empty; give at least one character");
        }
        RnnState one = model.newState(1);
        Workspace ws = model.newInferenceWorkspace(1, seed.length);
        model.forward(ws, seed, null, one, null);
        int h = state.hidden();
        for (int l = 0; l < state.layers(); l++) {
            for (int i = 0; i < rngs.length; i++) {
                System.arraycopy(one.h(l), 0, state.h(l), i * h, h);
                if (state.hasCellState()) {
                    System.arraycopy(one.c(l), 0, state.c(l), i * h, h);
                }
            }
        }
        lastLogits = ws.logits();
        java.util.Arrays.fill(lastOff, ws.logitsOffset(0, seed.length - 1));
    }

    /** Draws the next character id of the single stream and feeds it back. */
    public int next() {
        if (rngs.length != 1) {
            throw new IllegalStateException("this sampler has " + rngs.length + " streams; use next(int[])");
        }
        next(single);
        return single[0];
    }

    /** Draws every stream's next character id into {@code out} (N) and feeds them back. */
    public void next(int[] out) {
        if (lastLogits == null) {
            throw new IllegalStateException("warmUp(seed) must come first");
        }
        if (out.length != rngs.length) {
            throw new IllegalArgumentException("out has " + out.length + " ids, expected " + rngs.length + " (N)");
        }
        for (int i = 0; i < rngs.length; i++) {
            int id = picker.pick(lastLogits, lastOff[i], rngs[i]);
            double lse = picker.lastLogSumExp; // free at temperature 1 without a cut: one pass of exp less
            logProbs[i] = Double.isNaN(lse) ? Picker.logProb(lastLogits, lastOff[i], vocab, id) : lastLogits[lastOff[i] + id] - lse;
            input[i] = id;
            out[i] = id;
        }
        model.forward(step, input, null, state, null);
        lastLogits = step.logits();
        for (int i = 0; i < rngs.length; i++) {
            lastOff[i] = step.logitsOffset(i, 0);
        }
    }

    /** The model's log-probability (natural log, temperature 1) of stream i's last drawn character. */
    public double lastLogProb(int i) {
        return logProbs[i];
    }

    /** One draw from the logits at {@code off} with stream 0's generator (tests). */
    int draw(float[] logits, int off) {
        return picker.pick(logits, off, rngs[0]);
    }
}
