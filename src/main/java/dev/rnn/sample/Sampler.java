package dev.rnn.sample;

import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;

/**
 * Generates text one character at a time from a trained model at batch 1: warms the state up on
 * a seed, then draws each next character from softmax(logits / temperature) (optionally only
 * among the top k) and feeds it back as the next input. Owns its temperature, top-k and random
 * generator; after construction, drawing a character allocates nothing. It works on a copy of
 * the weights' transposes made when it is constructed ({@link CharRnn#newInferenceWorkspace}), so
 * make a new sampler after the weights change.
 */
public final class Sampler {
    private final CharRnn model;
    private final float temperature;
    private final int topK;
    private final Rng rng;
    private final RnnState state;
    private final Workspace step;     // (1, 1)
    private final int[] input = new int[1];
    private final double[] weights;   // (V) scratch
    private final int[] order;        // (V) scratch for top-k
    private float[] lastLogits;       // (V) logits that predict the next character
    private int lastOff;

    /**
     * @param temperature 0 for argmax, else the softmax temperature (> 0)
     * @param topK        0 for the whole vocabulary, else sample among the k most likely
     */
    public Sampler(CharRnn model, float temperature, int topK, Rng rng) {
        int v = model.config().vocabSize();
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature is " + temperature + ", expected a number >= 0");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k is " + topK + ", expected >= 0 (0 = no limit)");
        }
        this.model = model;
        this.temperature = temperature;
        this.topK = Math.min(topK, v);
        this.rng = rng;
        this.state = model.newState(1);
        this.step = model.newInferenceWorkspace(1, 1);
        this.weights = new double[v];
        this.order = new int[v];
    }

    /** Runs the seed (at least one character) through the model from a zero state. */
    public void warmUp(int[] seed) {
        if (seed.length == 0) {
            throw new IllegalArgumentException("the seed text is empty; give at least one character");
        }
        state.zero();
        Workspace ws = model.newInferenceWorkspace(1, seed.length);
        model.forward(ws, seed, null, state, null);
        lastLogits = ws.logits();
        lastOff = ws.logitsOffset(0, seed.length - 1);
    }

    /** Draws the next character id and feeds it back. */
    public int next() {
        if (lastLogits == null) {
            throw new IllegalStateException("warmUp(seed) must come first");
        }
        int id = draw(lastLogits, lastOff);
        input[0] = id;
        model.forward(step, input, null, state, null);
        lastLogits = step.logits();
        lastOff = 0;
        return id;
    }

    /** One draw from the logits at {@code off}, after temperature and top-k. */
    int draw(float[] logits, int off) {
        int v = weights.length;
        if (temperature == 0f) {
            int best = 0;
            for (int j = 1; j < v; j++) {
                if (logits[off + j] > logits[off + best]) {
                    best = j;
                }
            }
            return best;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, logits[off + j]);
        }
        double cutoff = Double.NEGATIVE_INFINITY;
        if (topK > 0 && topK < v) {
            cutoff = kthLargest(logits, off, topK);
        }
        double total = 0;
        for (int j = 0; j < v; j++) {
            double w = logits[off + j] >= cutoff ? Math.exp((logits[off + j] - max) / temperature) : 0;
            weights[j] = w;
            total += w;
        }
        double u = rng.nextDouble() * total;
        double acc = 0;
        int last = 0;
        for (int j = 0; j < v; j++) {
            if (weights[j] > 0) {
                acc += weights[j];
                last = j;
                if (u < acc) {
                    return j;
                }
            }
        }
        return last; // u landed on the rounding slack at the top
    }

    /** The k-th largest logit (ties kept: the sample may draw among more than k). */
    private double kthLargest(float[] logits, int off, int k) {
        int v = order.length;
        for (int j = 0; j < v; j++) {
            order[j] = j;
        }
        // partial selection sort: k is small
        for (int i = 0; i < k; i++) {
            int best = i;
            for (int j = i + 1; j < v; j++) {
                if (logits[off + order[j]] > logits[off + order[best]]) {
                    best = j;
                }
            }
            int tmp = order[i];
            order[i] = order[best];
            order[best] = tmp;
        }
        return logits[off + order[k - 1]];
    }
}
