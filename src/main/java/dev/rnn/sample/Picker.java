package dev.rnn.sample;

import dev.rnn.math.Rng;

/**
 * One draw from a row of logits: softmax(logits / temperature), optionally cut to the k most
 * likely characters (top-k) and then to the smallest set whose probability reaches p (nucleus,
 * top-p), then renormalised. Temperature 0 is argmax. Owns its scratch; one per caller thread.
 */
public final class Picker {
    private final float temperature;
    private final int topK;
    private final double topP;
    private final double[] weights; // (V) scratch
    private final int[] order;      // (V) scratch: ids by descending logit

    /**
     * @param temperature 0 for argmax, else the softmax temperature (> 0)
     * @param topK        0 for the whole vocabulary, else the k most likely only
     * @param topP        1 for no cut, else in (0, 1): the smallest most-likely set of mass >= p
     */
    public Picker(int vocabSize, float temperature, int topK, double topP) {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature is " + temperature + ", expected a number >= 0");
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k is " + topK + ", expected >= 0 (0 = no limit)");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p is " + topP + ", expected a number in (0, 1] (1 = no cut)");
        }
        this.temperature = temperature;
        this.topK = Math.min(topK, vocabSize);
        this.topP = topP;
        this.weights = new double[vocabSize];
        this.order = new int[vocabSize];
    }

    /**
     * log Σ exp(logits) of the last {@link #pick}, when it came for free (temperature 1, no cut:
     * the draw's own sum, the same bits as {@link #logSumExp}); NaN otherwise.
     */
    double lastLogSumExp = Double.NaN;

    /** One id drawn from the V logits at {@code off}; uses one draw of {@code rng} unless argmax. */
    public int pick(float[] logits, int off, Rng rng) {
        int v = weights.length;
        lastLogSumExp = Double.NaN;
        if (temperature == 0f) {
            return argmax(logits, off, v);
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
        if (topP < 1) {
            total = nucleus(logits, off, total);
        } else if (temperature == 1f && cutoff == Double.NEGATIVE_INFINITY) {
            lastLogSumExp = max + Math.log(total); // exp((x - max) / 1) is exp(x - max): logSumExp's own terms
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

    /** Zeroes the weights outside the most likely set of mass >= topP; returns the kept mass. */
    private double nucleus(float[] logits, int off, double total) {
        sortByLogit(logits, off, order.length);
        double kept = 0;
        int j = 0;
        for (; j < order.length; j++) {
            kept += weights[order[j]];
            if (kept >= topP * total) {
                j++;
                break;
            }
        }
        for (; j < order.length; j++) {
            weights[order[j]] = 0;
        }
        return kept;
    }

    /** The model's log-probability (temperature 1, no cut) of {@code id} under the logits at {@code off}. */
    public static double logProb(float[] logits, int off, int v, int id) {
        return logits[off + id] - logSumExp(logits, off, v);
    }

    /** log Σ exp(logits[off .. off+v)), computed stably. */
    public static double logSumExp(float[] logits, int off, int v) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, logits[off + j]);
        }
        double s = 0;
        for (int j = 0; j < v; j++) {
            s += Math.exp(logits[off + j] - max);
        }
        return max + Math.log(s);
    }

    static int argmax(float[] logits, int off, int v) {
        int best = 0;
        for (int j = 1; j < v; j++) {
            if (logits[off + j] > logits[off + best]) {
                best = j;
            }
        }
        return best;
    }

    private void sortByLogit(float[] logits, int off, int k) {
        int v = order.length;
        for (int j = 0; j < v; j++) {
            order[j] = j;
        }
        // partial selection sort of the first k: V is a few hundred at most, k usually small
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
    }

    /** The k-th largest logit (ties kept: the sample may draw among more than k). */
    private double kthLargest(float[] logits, int off, int k) {
        sortByLogit(logits, off, k);
        return logits[off + order[k - 1]];
    }
}
