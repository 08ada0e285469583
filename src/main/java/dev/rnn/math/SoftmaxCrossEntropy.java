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
        double[] rowLoss = new double[rows];
        forwardRows(logits, 0, rows, v, targets, probs, rowLoss);
        return sum(rowLoss, rows);
    }

    /**
     * Rows [from, to) of {@link #forward}: each row's softmax into {@code probs} and its loss into
     * {@code rowLoss[r]} (0 for padding). A row's bits depend on that row alone, so rows may be
     * split over threads in any way.
     */
    public static void forwardRows(float[] logits, int from, int to, int v, int[] targets, float[] probs,
                                   double[] rowLoss) {
        for (int r = from; r < to; r++) {
            int off = r * v;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, logits[off + j]);
            }
            double sum = 0; // Math.exp and a double sum, as always: the bits of every checkpoint's continuation
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
            if (y >= v) {
                throw new IllegalArgumentException("target " + y + " at row " + r + " is outside the vocabulary of " + v);
            }
            rowLoss[r] = y < 0 ? 0 : Math.log(sum) + max - logits[off + y];
        }
    }

    /** The rows' losses added in row order: the same total however the rows were split. */
    public static double sum(double[] rowLoss, int rows) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            total += rowLoss[r];
        }
        return total;
    }

    /**
     * dLogits (rows, v) = (probs - onehot(target)) * scale, and 0 for padding rows; with scale =
     * 1 / count this is the gradient of the mean loss.
     */
    public static void backward(float[] probs, int rows, int v, int[] targets, float scale, float[] dLogits) {
        backwardRows(probs, 0, rows, v, targets, scale, dLogits);
    }

    /** Rows [from, to) of {@link #backward}. */
    public static void backwardRows(float[] probs, int from, int to, int v, int[] targets, float scale, float[] dLogits) {
        for (int r = from; r < to; r++) {
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
