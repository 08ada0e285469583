package dev.rnn.model;

import static dev.rnn.model.GradientCheckTest.H;
import static dev.rnn.model.GradientCheckTest.L;
import static dev.rnn.model.GradientCheckTest.N;
import static dev.rnn.model.GradientCheckTest.T;
import static dev.rnn.model.GradientCheckTest.TOL;
import static dev.rnn.model.GradientCheckTest.V;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.math.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inverted dropout: the mask it draws, its backward, and the whole model's gradients with dropout
 * between layers and before the decoder, by GradientCheckTest's finite differences with the
 * dropout generator reseeded before every forward pass (so every evaluation uses one mask).
 */
class DropoutTest {
    private static final float P = 0.4f;
    private static final long DROPOUT_SEED = 99;

    @Test
    void maskIsZeroOrOneOverKeepWithTheRightRate() {
        int len = 20_000;
        float[] in = new float[len + 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0.01f * (i % 97) - 0.3f;
        }
        float[] mask = new float[len];
        float[] out = new float[len];
        Dropout.forward(P, new Rng(5), in, 3, mask, out, len);
        int dropped = 0;
        for (int i = 0; i < len; i++) {
            assertTrue(mask[i] == 0f || mask[i] == 1f / (1f - P), "mask value " + mask[i]);
            assertEquals(in[3 + i] * mask[i], out[i], 0f, "out = in ⊙ mask at " + i);
            dropped += mask[i] == 0f ? 1 : 0;
        }
        double rate = (double) dropped / len;
        assertEquals(P, rate, 0.015, "dropped fraction"); // 4 standard deviations at n = 20000
    }

    @Test
    void theSameSeedDrawsTheSameMask() {
        float[] in = new float[64];
        Arrays.fill(in, 1f);
        float[] a = new float[64];
        float[] b = new float[64];
        float[] c = new float[64];
        float[] out = new float[64];
        Dropout.forward(P, new Rng(1), in, 0, a, out, 64);
        Dropout.forward(P, new Rng(1), in, 0, b, out, 64);
        Dropout.forward(P, new Rng(2), in, 0, c, out, 64);
        assertArrayEquals(a, b, 0f);
        assertTrue(!Arrays.equals(a, c), "another seed, another mask");
    }

    @Test
    void backwardMultipliesTheGradientByTheMask() {
        float[] mask = {0f, 2f, 2f, 0f};
        float[] grad = {1f, -3f, 0.5f, 7f};
        Dropout.backward(mask, grad, 3); // only the first len elements
        assertArrayEquals(new float[] {0f, -6f, 1f, 7f}, grad, 0f);
    }

    private static GradientCheckTest.Problem problem(CellType cell, long seed) {
        ModelConfig c = new ModelConfig(cell, Nonlinearity.TANH, V, H, L, P);
        GradientCheckTest.Problem p = new GradientCheckTest.Problem(new CharRnn(c, TestBackends.java()), seed);
        p.dropoutSeed = DROPOUT_SEED;
        return p;
    }

    /** Evaluation (no generator) runs without dropout: the same loss as the model built without it. */
    @Test
    void evaluationAppliesNoDropout() {
        GradientCheckTest.Problem with = problem(CellType.LSTM, 42);
        ModelConfig plain = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, H, L, 0f);
        GradientCheckTest.Problem without = new GradientCheckTest.Problem(new CharRnn(plain, TestBackends.java()), 42);
        double trained = with.loss();
        with.dropoutSeed = null;
        assertEquals(without.loss(), with.loss(), 0);
        assertNotEquals(trained, with.loss(), "with its generator the model drops units");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LSTM", "GRU", "RNN"})
    void gradientsThroughDropoutMatchFiniteDifferences(CellType cell) {
        GradientCheckTest.Problem p = problem(cell, 42);
        assertEquals(p.loss(), p.loss(), 0, "a reseeded generator gives the same mask, hence the same loss");
        List<String> failures = p.check(TOL);
        assertTrue(failures.isEmpty(), cell + " gradients through dropout " + P + " off (tolerance " + TOL + "): " + failures);
        for (int l = 0; l < L; l++) { // the check saw masks that drop something and keep something
            float[] mask = p.ws.masks[l];
            long zeros = countOf(mask, 0f);
            assertTrue(zeros > 0 && zeros < mask.length, "layer " + l + " mask drops " + zeros + " of " + mask.length);
        }
    }

    /** Negative control: the check fails when backward does not apply the mask (all ones). */
    @Test
    void checkCatchesABackwardThatIgnoresTheMask() {
        GradientCheckTest.Problem p = problem(CellType.LSTM, 42);
        p.beforeBackward = ws -> {
            for (float[] mask : ws.masks) {
                Arrays.fill(mask, 1f);
            }
        };
        List<String> failures = p.check(TOL);
        for (String name : new String[] {"rnn.weight_ih_l0", "rnn.weight_hh_l1", "rnn.weight_hh_l2"}) {
            assertTrue(failures.stream().anyMatch(f -> f.startsWith(name + ":")),
                    "backward without the mask must fail the check for " + name + ", got failures " + failures);
        }
    }

    private static long countOf(float[] a, float v) {
        long n = 0;
        for (float x : a) {
            n += x == v ? 1 : 0;
        }
        return n;
    }
}
