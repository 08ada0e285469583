package dev.rnn.backend.kernels;

import dev.rnn.math.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PlainMatMul (the fallback without the Vector API module) on VectorMatMulTest's shapes: bit for bit
 * the fma chain for every op (so it agrees with VectorMatMul's mult and multTransA exactly), the
 * same bits for 1, 2 and 3 threads, and within 1e-5 of EJML.
 */
class PlainMatMulTest {
    private static PlainMatMul one;
    private static PlainMatMul two;
    private static PlainMatMul three;

    @BeforeAll
    static void start() {
        one = new PlainMatMul(1);
        two = new PlainMatMul(2, 0);
        three = new PlainMatMul(3, 0);
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        three.close();
    }

    @Test
    void everyOpMatchesEjmlAndTheFmaChainOnEveryShape() {
        Rng rng = new Rng(11);
        MatMul[] mms = {one, two, three};
        int q = 0;
        for (int[] s : VectorMatMulTest.shapes()) {
            for (int op = 0; op < 3; op++) {
                for (boolean acc : new boolean[] {false, true}) {
                    VectorMatMulTest.check(mms, false, op, s[0], s[1], s[2], acc, q % 4, 1 + q % 6, 2 + q % 3, rng);
                    q++;
                }
            }
        }
        // the model's shapes at H=64, with enough rows and depth for several passes over k
        VectorMatMulTest.check(mms, false, VectorMatMulTest.OP_TRANS_B, 2500, 64, 256, false, 0, 0, 0, rng);
        VectorMatMulTest.check(mms, false, VectorMatMulTest.OP_TRANS_A, 256, 2500, 64, true, 0, 0, 0, rng);
        VectorMatMulTest.check(mms, false, VectorMatMulTest.OP_MULT, 2500, 256, 64, false, 0, 0, 0, rng);
    }

    @Test
    void agreesWithVectorMatMulBitForBitOnMultAndMultTransA() {
        Rng rng = new Rng(12);
        try (VectorMatMul v = new VectorMatMul(2)) {
            for (int[] s : new int[][] {{50, 512, 128}, {37, 70, 45}, {300, 50, 65}}) {
                float[] a = VectorMatMulTest.random(s[0] * s[1], rng);
                float[] b = VectorMatMulTest.random(s[1] * s[2], rng);
                float[] c = VectorMatMulTest.random(s[0] * s[2], rng);
                float[] cv = c.clone();
                float[] cp = c.clone();
                v.mult(s[0], s[1], s[2], a, 0, b, 0, cv, 0, true);
                two.mult(s[0], s[1], s[2], a, 0, b, 0, cp, 0, true);
                assertArrayEquals(cv, cp, "mult " + java.util.Arrays.toString(s));
                v.multTransA(s[0], s[1], s[2], a, 0, b, 0, cv, 0, false);
                two.multTransA(s[0], s[1], s[2], a, 0, b, 0, cp, 0, false);
                assertArrayEquals(cv, cp, "multTransA " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void badArgumentsFail() {
        float[] x = new float[12];
        assertThrows(IllegalArgumentException.class, () -> one.mult(3, 4, 5, x, 0, x, 0, new float[15], 0, false));
        assertThrows(IllegalArgumentException.class, () -> one.multTransB(2, 2, 2, x, 0, x, 4, x, 2, false));
        assertThrows(IllegalArgumentException.class, () -> new PlainMatMul(0));
    }
}
