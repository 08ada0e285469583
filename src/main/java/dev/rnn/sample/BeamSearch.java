package dev.rnn.sample;

import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;

/**
 * Deterministic beam search over characters: keeps the K continuations of the seed with the
 * highest total log-probability, extending each by every character at each step, and returns
 * the best one of exactly {@code len} characters. K = 1 is greedy decoding; a K of at least
 * V^(len-1) is an exhaustive search. Ties go to the lower beam, then the lower id.
 */
public final class BeamSearch {
    /** The most beams a search may keep. */
    public static final int MAX_BEAMS = 256;
    /** The most len x beams a search may keep back-pointers for (three ints or doubles each). */
    public static final long MAX_CELLS = 50_000_000L;

    private final CharRnn model;
    private final int beams;

    /** The best continuation: its ids and each one's log-probability given the ones before. */
    public record Result(int[] ids, double[] logProbs, double totalLogProb) {
    }

    public BeamSearch(CharRnn model, int beams) {
        if (beams < 1 || beams > MAX_BEAMS) {
            throw new IllegalArgumentException("beam width is " + beams + ", expected 1.." + MAX_BEAMS);
        }
        this.model = model;
        this.beams = beams;
    }

    public Result search(int[] seed, int len) {
        if (seed.length == 0) {
            throw new IllegalArgumentException("the seed text is empty; give at least one character");
        }
        if (len < 0 || (long) len * beams > MAX_CELLS) {
            throw new IllegalArgumentException("len " + len + " x beam " + beams + " is outside 0.." + MAX_CELLS
                    + "; use a shorter len or a narrower beam");
        }
        int k = beams;
        int v = model.config().vocabSize();
        int h = model.config().hidden();
        RnnState one = model.newState(1);
        Workspace warm = model.newInferenceWorkspace(1, seed.length);
        model.forward(warm, seed, null, one, null);
        if (len == 0) {
            return new Result(new int[0], new double[0], 0);
        }
        RnnState state = model.newState(k);
        RnnState next = model.newState(k);
        copyRow(one, 0, state, 0, h);
        Workspace step = model.newInferenceWorkspace(k, 1);
        float[] logits = warm.logits();
        int[] off = {warm.logitsOffset(0, seed.length - 1)};
        int live = 1;
        double[] score = new double[k];
        int[][] parent = new int[len][k];   // parent beam of beam b at step s
        int[][] token = new int[len][k];    // its last character
        double[][] tokenLp = new double[len][k];
        double[] candScore = new double[k];
        int[] candBeam = new int[k];
        int[] candId = new int[k];
        double[] candLp = new double[k];
        int[] input = new int[k];
        for (int s = 0; s < len; s++) {
            int kept = 0;
            for (int b = 0; b < live; b++) {
                double lse = Picker.logSumExp(logits, off[b], v);
                for (int j = 0; j < v; j++) {
                    double lp = logits[off[b] + j] - lse;
                    double sc = score[b] + lp;
                    // insert into the sorted top list if it beats the last (strictly: ties keep the earlier)
                    if (kept < k || sc > candScore[kept - 1]) {
                        int pos = kept < k ? kept++ : k - 1;
                        while (pos > 0 && sc > candScore[pos - 1]) {
                            candScore[pos] = candScore[pos - 1];
                            candBeam[pos] = candBeam[pos - 1];
                            candId[pos] = candId[pos - 1];
                            candLp[pos] = candLp[pos - 1];
                            pos--;
                        }
                        candScore[pos] = sc;
                        candBeam[pos] = b;
                        candId[pos] = j;
                        candLp[pos] = lp;
                    }
                }
            }
            for (int b = 0; b < kept; b++) {
                parent[s][b] = candBeam[b];
                token[s][b] = candId[b];
                tokenLp[s][b] = candLp[b];
                score[b] = candScore[b];
                copyRow(state, candBeam[b], next, b, h);
                input[b] = candId[b];
            }
            for (int b = kept; b < k; b++) {
                input[b] = 0; // idle rows: run, never read
            }
            RnnState t = state;
            state = next;
            next = t;
            live = kept;
            if (s + 1 < len) {
                model.forward(step, input, null, state, null);
                logits = step.logits();
                if (off.length != k) {
                    off = new int[k];
                }
                for (int b = 0; b < k; b++) {
                    off[b] = step.logitsOffset(b, 0);
                }
            }
        }
        int[] ids = new int[len];
        double[] lps = new double[len];
        int b = 0; // the best beam is first
        for (int s = len - 1; s >= 0; s--) {
            ids[s] = token[s][b];
            lps[s] = tokenLp[s][b];
            b = parent[s][b];
        }
        return new Result(ids, lps, score[0]);
    }

    private static void copyRow(RnnState from, int fromRow, RnnState to, int toRow, int h) {
        for (int l = 0; l < from.layers(); l++) {
            System.arraycopy(from.h(l), fromRow * h, to.h(l), toRow * h, h);
            if (from.hasCellState()) {
                System.arraycopy(from.c(l), fromRow * h, to.c(l), toRow * h, h);
            }
        }
    }
}
