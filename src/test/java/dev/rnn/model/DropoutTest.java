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
 * Inverted dropout: the mask it draws (per step, or locked over the chunk), its backward, and the
 * whole model's gradients with dropout between layers and before the decoder and with DropConnect
 * on W_hh (weight drop), by GradientCheckTest's finite differences with the dropout generator
 * reseeded before every forward pass (so every evaluation uses one mask).
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

    @Test
    void aLockedMaskIsTheSameAtEveryStep() {
        int block = 300;
        int t = 5;
        float[] in = new float[2 + block * t];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0.01f * (i % 89) - 0.4f;
        }
        float[] mask = new float[block * t];
        float[] out = new float[block * t];
        Dropout.forwardLocked(P, new Rng(8), in, 2, mask, out, block, t);
        int dropped = 0;
        for (int i = 0; i < block; i++) {
            assertTrue(mask[i] == 0f || mask[i] == 1f / (1f - P), "mask value " + mask[i]);
            dropped += mask[i] == 0f ? 1 : 0;
            for (int k = 0; k < t; k++) {
                assertEquals(mask[i], mask[k * block + i], 0f, "unit " + i + " at step " + k);
                assertEquals(in[2 + k * block + i] * mask[i], out[k * block + i], 0f, "out = in ⊙ mask");
            }
        }
        assertTrue(dropped > 0 && dropped < block, dropped + " of " + block + " dropped");
        float[] again = new float[block * t];
        Dropout.forwardLocked(P, new Rng(8), in, 2, again, out, block, t);
        assertArrayEquals(mask, again, 0f, "the same seed draws the same mask");
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

    /** {@code cell}: a CellType name, with {@code _LN} for layer norm; locked dropout P and weight drop 0.3. */
    private static GradientCheckTest.Problem regularised(String cell, boolean locked, float weightDrop) {
        ModelConfig c = new ModelConfig(CellType.valueOf(cell.replace("_LN", "")), Nonlinearity.TANH, V, H, L,
                locked ? P : 0f, cell.endsWith("_LN"), locked, weightDrop);
        GradientCheckTest.Problem p = new GradientCheckTest.Problem(new CharRnn(c, TestBackends.java()), 42);
        p.dropoutSeed = DROPOUT_SEED;
        return p;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"LSTM", "GRU", "RNN", "LSTM_LN", "GRU_LN"})
    void gradientsThroughLockedDropoutAndWeightDropMatchFiniteDifferences(String cell) {
        GradientCheckTest.Problem p = regularised(cell, true, 0.3f);
        assertEquals(p.loss(), p.loss(), 0, "a reseeded generator gives the same masks, hence the same loss");
        List<String> failures = p.check(TOL);
        assertTrue(failures.isEmpty(), cell + " gradients through locked dropout and weight drop off (tolerance " + TOL
                + "): " + failures);
        for (int l = 0; l < L; l++) {
            float[] mask = p.ws.masks[l];
            long zeros = countOf(mask, 0f);
            assertTrue(zeros > 0 && zeros < mask.length, "layer " + l + " mask drops " + zeros + " of " + mask.length);
            float[] w = p.ws.layers[l].whhMask;
            long dropped = countOf(w, 0f);
            assertTrue(dropped > 0 && dropped < w.length, "layer " + l + " weight mask drops " + dropped + " of " + w.length);
        }
    }

    /** Evaluation (no generator) reads W_hh itself: the same loss as the model built without weight drop. */
    @Test
    void evaluationDropsNoWeights() {
        GradientCheckTest.Problem with = regularised("LSTM", false, 0.5f);
        ModelConfig plain = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, H, L, 0f);
        GradientCheckTest.Problem without = new GradientCheckTest.Problem(new CharRnn(plain, TestBackends.java()), 42);
        double trained = with.loss();
        with.dropoutSeed = null;
        assertEquals(without.loss(), with.loss(), 0);
        assertNotEquals(trained, with.loss(), "with its generator the model drops recurrent weights");
    }

    /** Negative control: the check fails when W_hh's gradient ignores the weight mask. */
    @Test
    void checkCatchesAWeightGradientThatIgnoresTheMask() {
        GradientCheckTest.Problem p = regularised("LSTM", false, 0.3f);
        p.beforeBackward = ws -> {
            for (LayerBuffers b : ws.layers) {
                Arrays.fill(b.whhMask, 1f);
            }
        };
        List<String> failures = p.check(TOL);
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("rnn.weight_hh_l0:")),
                "a W_hh gradient without the mask must fail the check, got failures " + failures);
    }

    private static long countOf(float[] a, float v) {
        long n = 0;
        for (float x : a) {
            n += x == v ? 1 : 0;
        }
        return n;
    }
}
