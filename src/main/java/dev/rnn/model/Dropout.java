package dev.rnn.model;

import dev.rnn.math.Rng;

/** Inverted dropout: keep each unit with probability 1 − p and scale it by 1 / (1 − p). */
final class Dropout {
    private Dropout() {
    }

    /** Draws a mask (len) of 0 or 1/(1−p) and writes out = in ⊙ mask. */
    static void forward(float p, Rng rng, float[] in, int inOff, float[] mask, float[] out, int len) {
        float scale = 1f / (1f - p);
        for (int i = 0; i < len; i++) {
            float m = rng.nextFloat() < p ? 0f : scale;
            mask[i] = m;
            out[i] = in[inOff + i] * m;
        }
    }

    /**
     * Locked (variational) dropout over T blocks of {@code block} values: one mask (block) drawn
     * once and applied to every block, written out in full (T*block) so backward is {@link #backward}.
     */
    static void forwardLocked(float p, Rng rng, float[] in, int inOff, float[] mask, float[] out, int block, int t) {
        float scale = 1f / (1f - p);
        for (int i = 0; i < block; i++) {
            mask[i] = rng.nextFloat() < p ? 0f : scale;
        }
        for (int k = 1; k < t; k++) {
            System.arraycopy(mask, 0, mask, k * block, block);
        }
        for (int i = 0; i < t * block; i++) {
            out[i] = in[inOff + i] * mask[i];
        }
    }

    /** d(in) = d(out) ⊙ mask, in place. */
    static void backward(float[] mask, float[] grad, int len) {
        for (int i = 0; i < len; i++) {
            grad[i] *= mask[i];
        }
    }
}
