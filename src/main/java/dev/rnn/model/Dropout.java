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

    /** d(in) = d(out) ⊙ mask, in place. */
    static void backward(float[] mask, float[] grad, int len) {
        for (int i = 0; i < len; i++) {
            grad[i] *= mask[i];
        }
    }
}
