package dev.rnn.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.math.Rng;
import org.junit.jupiter.api.Test;

class PickerTest {
    // probabilities 0.4, 0.3, 0.2, 0.1 for ids 3, 1, 0, 2
    private static final float[] LOGITS = {
        (float) Math.log(0.2), (float) Math.log(0.3), (float) Math.log(0.1), (float) Math.log(0.4)};

    private static double[] frequencies(Picker p, int draws) {
        Rng rng = new Rng(5);
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            f[p.pick(LOGITS, 0, rng)] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void topPKeepsTheSmallestMostLikelySetReachingPAndRenormalises() {
        // 0.4 + 0.3 = 0.7 >= 0.65: ids 3 and 1 only, at 4/7 and 3/7
        double[] f = frequencies(new Picker(4, 1f, 0, 0.65), 40000);
        assertEquals(0, f[0]);
        assertEquals(0, f[2]);
        assertEquals(4.0 / 7, f[3], 0.01);
        assertEquals(3.0 / 7, f[1], 0.01);
        // 0.4 + 0.3 + 0.2 = 0.9 >= 0.71: three ids
        double[] g = frequencies(new Picker(4, 1f, 0, 0.71), 40000);
        assertEquals(0, g[2]);
        assertEquals(0.2 / 0.9, g[0], 0.01);
        // below the top probability: argmax only
        double[] h = frequencies(new Picker(4, 1f, 0, 0.1), 1000);
        assertEquals(1.0, h[3], 1e-9);
    }

    @Test
    void topPOneIsTheWholeDistribution() {
        double[] f = frequencies(new Picker(4, 1f, 0, 1.0), 40000);
        assertEquals(0.2, f[0], 0.01);
        assertEquals(0.3, f[1], 0.01);
        assertEquals(0.1, f[2], 0.01);
        assertEquals(0.4, f[3], 0.01);
    }

    @Test
    void topKThenTopPCutsBoth() {
        // top-2 leaves 0.4/0.7 and 0.3/0.7; top-p 0.5 then keeps 0.571 >= 0.5: id 3 only
        double[] f = frequencies(new Picker(4, 1f, 2, 0.5), 1000);
        assertEquals(1.0, f[3], 1e-9);
    }

    @Test
    void logProbIsTheLogSoftmax() {
        assertEquals(Math.log(0.3), Picker.logProb(LOGITS, 0, 4, 1), 1e-6);
        assertEquals(0.0, Picker.logSumExp(LOGITS, 0, 4), 1e-6);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Picker(4, 1f, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Picker(4, 1f, 0, 1.01));
        assertThrows(IllegalArgumentException.class, () -> new Picker(4, 1f, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Picker(4, -1f, 0, 1));
        assertTrue(new Picker(4, 0f, 0, 1).pick(LOGITS, 0, new Rng(1)) == 3);
    }

    @Test
    void theDrawsOwnSumGivesLogSumExpsBitsAtTemperatureOne() {
        dev.rnn.math.Rng rng = new dev.rnn.math.Rng(12);
        float[] logits = new float[70];
        for (int j = 0; j < logits.length; j++) {
            logits[j] = rng.uniform(-6, 6);
        }
        Picker free = new Picker(logits.length, 1f, 0, 1.0);
        free.pick(logits, 0, new dev.rnn.math.Rng(1));
        org.junit.jupiter.api.Assertions.assertEquals(Picker.logSumExp(logits, 0, logits.length), free.lastLogSumExp);
        Picker hot = new Picker(logits.length, 0.8f, 0, 1.0);
        hot.pick(logits, 0, new dev.rnn.math.Rng(1));
        org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(hot.lastLogSumExp), "another temperature's sum is not it");
        Picker cut = new Picker(logits.length, 1f, 5, 1.0);
        cut.pick(logits, 0, new dev.rnn.math.Rng(1));
        org.junit.jupiter.api.Assertions.assertTrue(Double.isNaN(cut.lastLogSumExp), "a top-k draw sums fewer terms");
    }
}
