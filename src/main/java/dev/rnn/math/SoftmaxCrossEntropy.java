package dev.rnn.math;

/**
 * Softmax cross-entropy over the rows of a logits matrix, computed stably (log-sum-exp).
 * Rows whose target is negative are padding: they add no loss and get no gradient.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * Sums the cross-entropy of each row and leaves the softmax probabilities in {@code probs}.
     *
     * @param logits  (rows, v) at offset 0
     * @param targets (rows) class ids; negative means "ignore this row"
     * @param probs   (rows, v) output: softmax of each row (padding rows too)
     * @return the summed loss in nats over rows with a target (accumulated in double)
     */
    public static double forward(float[] logits, int rows, int v, int[] targets, float[] probs) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            int off = r * v;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, logits[off + j]);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                float e = (float) Math.exp(logits[off + j] - max);
                probs[off + j] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < v; j++) {
                probs[off + j] *= inv;
            }
            int y = targets[r];
            if (y >= 0) {
                if (y >= v) {
                    throw new IllegalArgumentException("target " + y + " at row " + r + " is outside the vocabulary of " + v);
                }
                total += Math.log(sum) + max - logits[off + y];
            }
        }
        return total;
    }

    /**
     * dLogits (rows, v) = (probs - onehot(target)) * scale, and 0 for padding rows; with scale =
     * 1 / count this is the gradient of the mean loss.
     */
    public static void backward(float[] probs, int rows, int v, int[] targets, float scale, float[] dLogits) {
        for (int r = 0; r < rows; r++) {
            int off = r * v;
            int y = targets[r];
            if (y < 0) {
                java.util.Arrays.fill(dLogits, off, off + v, 0f);
                continue;
            }
            for (int j = 0; j < v; j++) {
                dLogits[off + j] = probs[off + j] * scale;
            }
            dLogits[off + y] -= scale;
        }
    }
}
