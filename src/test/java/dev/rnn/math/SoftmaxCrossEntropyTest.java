package dev.rnn.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Softmax cross-entropy against a naive double reference, and the same bits however its rows are split. */
class SoftmaxCrossEntropyTest {
    private static final int ROWS = 7;
    private static final int V = 301;

    private static float[] logits() {
        Random rng = new Random(3);
        float[] x = new float[ROWS * V];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextGaussian() * 4);
        }
        return x;
    }

    private static final int[] TARGETS = {0, 300, 17, -1, 150, 5, 299};

    @Test
    void lossAndProbabilitiesMatchANaiveReference() {
        float[] x = logits();
        float[] probs = new float[x.length];
        double loss = SoftmaxCrossEntropy.forward(x, ROWS, V, TARGETS, probs);
        double expected = 0;
        for (int r = 0; r < ROWS; r++) {
            double z = 0;
            for (int j = 0; j < V; j++) {
                z += Math.exp(x[r * V + j]);
            }
            for (int j = 0; j < V; j++) {
                assertEquals(Math.exp(x[r * V + j]) / z, probs[r * V + j], 1e-6, "p at row " + r + ", " + j);
            }
            if (TARGETS[r] >= 0) { // row 3 is padding: no loss
                expected += Math.log(z) - x[r * V + TARGETS[r]];
            }
        }
        assertEquals(expected, loss, 1e-9 * Math.abs(expected) + 1e-6);
    }

    @Test
    void rowsSplitAnyWayGiveTheSameBits() {
        float[] x = logits();
        float[] whole = new float[x.length];
        double[] wholeLoss = new double[ROWS];
        SoftmaxCrossEntropy.forwardRows(x, 0, ROWS, V, TARGETS, whole, wholeLoss);
        float[] split = new float[x.length];
        double[] splitLoss = new double[ROWS];
        SoftmaxCrossEntropy.forwardRows(x, 4, ROWS, V, TARGETS, split, splitLoss);
        SoftmaxCrossEntropy.forwardRows(x, 0, 1, V, TARGETS, split, splitLoss);
        SoftmaxCrossEntropy.forwardRows(x, 1, 4, V, TARGETS, split, splitLoss);
        assertArrayEquals(whole, split);
        assertArrayEquals(wholeLoss, splitLoss);
        assertEquals(0.0, wholeLoss[3]);
        assertEquals(SoftmaxCrossEntropy.forward(x, ROWS, V, TARGETS, new float[x.length]),
                SoftmaxCrossEntropy.sum(wholeLoss, ROWS));

        float[] d1 = new float[x.length];
        float[] d2 = new float[x.length];
        SoftmaxCrossEntropy.backward(whole, ROWS, V, TARGETS, 0.25f, d1);
        SoftmaxCrossEntropy.backwardRows(whole, 3, ROWS, V, TARGETS, 0.25f, d2);
        SoftmaxCrossEntropy.backwardRows(whole, 0, 3, V, TARGETS, 0.25f, d2);
        assertArrayEquals(d1, d2);
        assertEquals(whole[17 + 2 * V] * 0.25f - 0.25f, d1[17 + 2 * V]);
        assertEquals(0f, d1[3 * V + 10], "padding rows get no gradient");
    }

    @Test
    void aTargetOutsideTheVocabularyIsRefused() {
        float[] x = logits();
        int[] bad = TARGETS.clone();
        bad[2] = V;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxCrossEntropy.forward(x, ROWS, V, bad, new float[x.length]));
        assertEquals("target 301 at row 2 is outside the vocabulary of 301", e.getMessage());
    }
}
