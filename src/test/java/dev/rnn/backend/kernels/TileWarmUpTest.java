package dev.rnn.backend.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The warm-up stays inside its own tiles, and a product after it has the bits of one without it. */
class TileWarmUpTest {

    @Test
    void everyKernelAtEveryKcStaysInsideItsTiles() {
        assertDoesNotThrow(() -> TileWarmUp.run(2 * 32 + 1)); // kc 1..32 with both starts
    }

    @Test
    void aProductAfterTheWarmUpIsUnchanged() {
        int m = 9;
        int k = 70;
        int n = 3 * Lanes.L + 5;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.cos(i);
        }
        float[] before = new float[m * n];
        float[] after = new float[m * n];
        try (VectorMatMul mm = new VectorMatMul(1)) {
            mm.mult(m, k, n, a, 0, b, 0, before, 0, false);
            mm.warmUp();
            mm.warmUp(); // once per JVM: the second call returns at once
            mm.mult(m, k, n, a, 0, b, 0, after, 0, false);
        }
        assertArrayEquals(before, after);
    }
}
