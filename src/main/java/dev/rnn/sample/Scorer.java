package dev.rnn.sample;

import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;

/**
 * Scores a text character by character as one stream from a zero state: for each character
 * after the first, its log-probability given all the ones before, and the k most likely
 * characters at that point; optionally every layer's hidden state after reading each character.
 * The log-probabilities sum to minus {@code rnn eval}'s total on the same text.
 */
public final class Scorer {
    /** Steps per forward pass when no hidden states are asked for; the result does not depend on it. */
    static final int CHUNK = 256;

    /** Receives one scored character. Arrays are reused: copy what you keep. */
    public interface Sink {
        /**
         * @param position    the character's index in the text (1..n-1; the first has no prediction)
         * @param id          its id
         * @param logProb     its log-probability (nats) given the characters before it
         * @param topIds      (k) the most likely ids at this position, most likely first
         * @param topLogProbs (k) their log-probabilities
         * @param hidden      [L][H] each layer's h after reading this character, or null when not asked for
         */
        void accept(int position, int id, double logProb, int[] topIds, double[] topLogProbs, float[][] hidden);
    }

    private final CharRnn model;
    private final int topK;

    public Scorer(CharRnn model, int topK) {
        if (topK < 0) {
            throw new IllegalArgumentException("top-k is " + topK + ", expected >= 0");
        }
        this.model = model;
        this.topK = Math.min(topK, model.config().vocabSize());
    }

    /** Scores {@code ids} (at least one) into {@code sink}; with {@code hidden}, also each layer's h. */
    public void score(int[] ids, boolean hidden, Sink sink) {
        if (ids.length == 0) {
            throw new IllegalArgumentException("the text is empty; give at least one character");
        }
        if (hidden) {
            scoreWithHidden(ids, sink);
            return;
        }
        int v = model.config().vocabSize();
        int chunk = Math.min(CHUNK, ids.length);
        RnnState state = model.newState(1);
        Workspace ws = model.newInferenceWorkspace(1, chunk);
        int[] topIds = new int[topK];
        double[] topLps = new double[topK];
        int[] input = new int[chunk];
        for (int start = 0; start < ids.length; start += chunk) {
            int t = Math.min(chunk, ids.length - start);
            Workspace w = ws;
            int[] in = input;
            if (t < chunk) { // the last, shorter chunk
                w = model.newInferenceWorkspace(1, t);
                in = new int[t];
            }
            System.arraycopy(ids, start, in, 0, t);
            model.forward(w, in, null, state, null);
            for (int s = 0; s < t && start + s + 1 < ids.length; s++) {
                int p = start + s + 1; // the logits of step s predict character p
                emit(w.logits(), w.logitsOffset(0, s), v, p, ids[p], topIds, topLps, null, sink);
            }
        }
    }

    /** One step at a time, so each character's hidden state can be read from the carried state. */
    private void scoreWithHidden(int[] ids, Sink sink) {
        int v = model.config().vocabSize();
        int layers = model.config().layers();
        int hs = model.config().hidden();
        RnnState state = model.newState(1);
        Workspace ws = model.newInferenceWorkspace(1, 1);
        float[] previous = new float[v]; // (V) the logits that predict the character being read
        float[][] h = new float[layers][hs];
        int[] topIds = new int[topK];
        double[] topLps = new double[topK];
        int[] input = new int[1];
        for (int p = 0; p < ids.length; p++) {
            input[0] = ids[p];
            model.forward(ws, input, null, state, null);
            if (p > 0) {
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(state.h(l), 0, h[l], 0, hs);
                }
                emit(previous, 0, v, p, ids[p], topIds, topLps, h, sink);
            }
            System.arraycopy(ws.logits(), ws.logitsOffset(0, 0), previous, 0, v);
        }
    }

    private void emit(float[] logits, int off, int v, int p, int id, int[] topIds, double[] topLps, float[][] h,
                      Sink sink) {
        double lse = Picker.logSumExp(logits, off, v);
        top(logits, off, v, lse, topIds, topLps);
        sink.accept(p, id, logits[off + id] - lse, topIds, topLps, h);
    }

    private void top(float[] logits, int off, int v, double lse, int[] ids, double[] lps) {
        int k = ids.length;
        int n = 0;
        for (int j = 0; j < v; j++) {
            float x = logits[off + j];
            if (n < k || x > logits[off + ids[n - 1]]) {
                int pos = n < k ? n++ : k - 1;
                while (pos > 0 && x > logits[off + ids[pos - 1]]) {
                    ids[pos] = ids[pos - 1];
                    pos--;
                }
                ids[pos] = j;
            }
        }
        for (int i = 0; i < k; i++) {
            lps[i] = logits[off + ids[i]] - lse;
        }
    }
}
