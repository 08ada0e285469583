package dev.rnn.backend.kernels;

import dev.rnn.math.Rng;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The plain Java kernels agree with EJML's on every product, with offsets and accumulation. */
class MatMulTest {

    @Test
    void javaMatchesEjml() {
        MatMul ref = new EjmlMatMul();
        MatMul java = new JavaMatMul();
        Rng rng = new Rng(3);
        int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {17, 33, 9}, {50, 64, 256}};
        for (int[] s : shapes) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            for (boolean acc : new boolean[] {false, true}) {
                float[] a = random(rng, 3 + m * k);
                float[] b = random(rng, 5 + k * n);
                float[] c1 = random(rng, 2 + m * n);
                float[] c2 = c1.clone();
                ref.mult(m, k, n, a, 3, b, 5, c1, 2, acc);
                java.mult(m, k, n, a, 3, b, 5, c2, 2, acc);
                assertClose("mult", c1, c2);
                ref.multTransA(m, k, n, a, 3, b, 5, c1, 2, acc); // A read as (k, m)
                java.multTransA(m, k, n, a, 3, b, 5, c2, 2, acc);
                assertClose("multTransA", c1, c2);
                float[] bt = random(rng, 5 + n * k);
                ref.multTransB(m, k, n, a, 3, bt, 5, c1, 2, acc);
                java.multTransB(m, k, n, a, 3, bt, 5, c2, 2, acc);
                assertClose("multTransB", c1, c2);
            }
        }
    }

    static float[] random(Rng rng, int len) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = rng.uniform(-1, 1);
        }
        return a;
    }

    static void assertClose(String what, float[] a, float[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += a[i] * a[i];
        }
        double rel = Math.sqrt(diff / Math.max(norm, 1e-30));
        assertTrue(rel < 1e-5, what + ": relative error " + rel);
    }
}
