package dev.rnn.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vector bodies of the gate kernels and of Elementwise's row operations give the same bits as
 * their scalar loops, for widths with and without a scalar tail and at non-zero offsets; the gate
 * kernels also match the equations written out in double precision.
 */
class GateKernelsTest {
    private static final int ROWS = 5;
    private static final int OFF = 3;

    private static float[] random(Rng rng, int len, float lo, float hi) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = rng.uniform(lo, hi);
        }
        return a;
    }

    /** Runs {@code op} on two copies of {@code arrays}, once scalar and once vector, and compares every array. */
    private static void sameBits(float[][] arrays, Consumer<float[][]> scalar, Consumer<float[][]> vector, String what) {
        float[][] a = new float[arrays.length][];
        float[][] b = new float[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            a[i] = arrays[i].clone();
            b[i] = arrays[i].clone();
        }
        scalar.accept(a);
        vector.accept(b);
        for (int i = 0; i < arrays.length; i++) {
            assertArrayEquals(a[i], b[i], 0f, what + ": array " + i);
        }
    }

    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {1, 7, 16, 37, 128})
    void lstmKernelsMatchScalarAndEquations(int h) {
        assumeTrue(VectorApi.available(), "the Vector API module is not present");
        Rng rng = new Rng(h);
        float[] g = random(rng, OFF + ROWS * 4 * h, 0.01f, 0.99f);  // gate activations in (0, 1)
        float[] cs = random(rng, 2 * OFF + 2 * ROWS * h, -2f, 2f);  // c_{t-1} at OFF, c_t after it
        float[][] in = {g, cs};
        int cPrev = OFF;
        int cNext = OFF + ROWS * h + OFF;
        sameBits(in, x -> GateKernels.lstmCellScalar(ROWS, h, x[0], OFF, x[1], cPrev, cNext),
                x -> VectorGateKernels.lstmCell(ROWS, h, x[0], OFF, x[1], cPrev, cNext), "lstmCell");

        float[] tc = random(rng, OFF + ROWS * h, -0.99f, 0.99f);
        float[] dh = random(rng, OFF + ROWS * h, -1f, 1f);
        float[] dc = random(rng, OFF + ROWS * h, -1f, 1f);
        float[] dg = new float[OFF + ROWS * 4 * h];
        sameBits(new float[][] {g, tc, cs, dh, dc, dg},
                x -> GateKernels.lstmBackwardScalar(ROWS, h, x[0], OFF, x[1], OFF, x[2], cPrev, x[3], OFF, x[4], OFF, x[5], OFF),
                x -> VectorGateKernels.lstmBackward(ROWS, h, x[0], OFF, x[1], OFF, x[2], cPrev, x[3], OFF, x[4], OFF, x[5], OFF),
                "lstmBackward");

        // the equations, in double: one element of each block
        float[] dcOut = dc.clone();
        GateKernels.lstmBackward(ROWS, h, g, OFF, tc, OFF, cs, cPrev, dh, OFF, dcOut, OFF, dg, OFF);
        int r = ROWS - 1;
        int j = h - 1;
        int gr = OFF + r * 4 * h;
        double i = g[gr + j], f = g[gr + h + j], gg = g[gr + 2 * h + j], o = g[gr + 3 * h + j];
        double t = tc[OFF + r * h + j];
        double dhj = dh[OFF + r * h + j];
        double dcj = dc[OFF + r * h + j] + dhj * o * (1 - t * t);
        double[] want = {dcj * gg * i * (1 - i), dcj * cs[cPrev + r * h + j] * f * (1 - f),
            dcj * i * (1 - gg * gg), dhj * t * o * (1 - o)};
        for (int q = 0; q < 4; q++) {
            org.junit.jupiter.api.Assertions.assertEquals(want[q], dg[gr + q * h + j], 1e-6, "gate block " + q);
        }
        org.junit.jupiter.api.Assertions.assertEquals(dcj * f, dcOut[OFF + r * h + j], 1e-6, "dL/dc_{t-1}");
    }

    /**
     * The layer-normalised LSTM's two backward passes: vector against scalar bits, the output
     * gradient against its equation in double, and the gate pass given the complete dL/dc_t against
     * lstmBackward, which adds dh ⊙ o ⊙ (1 − t²) itself: the same bits.
     */
    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {1, 7, 16, 37, 128})
    void lstmNormKernelsMatchScalarAndThePlainStep(int h) {
        assumeTrue(VectorApi.available(), "the Vector API module is not present");
        Rng rng = new Rng(300 + h);
        float[] g = random(rng, OFF + ROWS * 4 * h, 0.01f, 0.99f);
        float[] tn = random(rng, OFF + ROWS * h, -0.99f, 0.99f);
        float[] cs = random(rng, OFF + ROWS * h, -2f, 2f);
        float[] dh = random(rng, OFF + ROWS * h, -1f, 1f);
        float[] dc = random(rng, OFF + ROWS * h, -1f, 1f);
        float[] dy = new float[2 * OFF + ROWS * h];
        sameBits(new float[][] {g, tn, dh, dy},
                x -> GateKernels.lstmNormOutputGradScalar(ROWS, h, x[0], OFF, x[1], OFF, x[2], OFF, x[3], 2 * OFF),
                x -> VectorGateKernels.lstmNormOutputGrad(ROWS, h, x[0], OFF, x[1], OFF, x[2], OFF, x[3], 2 * OFF),
                "lstmNormOutputGrad");
        float[] dg = new float[OFF + ROWS * 4 * h];
        sameBits(new float[][] {g, tn, cs, dh, dc, dg},
                x -> GateKernels.lstmNormGatesBackwardScalar(ROWS, h, x[0], OFF, x[1], OFF, x[2], OFF, x[3], OFF, x[4], OFF, x[5], OFF),
                x -> VectorGateKernels.lstmNormGatesBackward(ROWS, h, x[0], OFF, x[1], OFF, x[2], OFF, x[3], OFF, x[4], OFF, x[5], OFF),
                "lstmNormGatesBackward");

        GateKernels.lstmNormOutputGrad(ROWS, h, g, OFF, tn, OFF, dh, OFF, dy, 2 * OFF);
        int r = ROWS - 1;
        int j = h - 1;
        double o = g[OFF + r * 4 * h + 3 * h + j];
        double t = tn[OFF + r * h + j];
        org.junit.jupiter.api.Assertions.assertEquals(dh[OFF + r * h + j] * o * (1 - t * t), dy[2 * OFF + r * h + j], 1e-6,
                "dL/d(γ ⊙ ĉ + β)");

        float[] dcFull = dc.clone(); // dL/dc_t as lstmBackward forms it
        for (int q = 0; q < ROWS; q++) {
            for (int k = 0; k < h; k++) {
                float tq = tn[OFF + q * h + k];
                dcFull[OFF + q * h + k] = dc[OFF + q * h + k] + dh[OFF + q * h + k] * g[OFF + q * 4 * h + 3 * h + k] * (1f - tq * tq);
            }
        }
        float[] dgPlain = new float[OFF + ROWS * 4 * h];
        float[] dcPlain = dc.clone();
        GateKernels.lstmBackward(ROWS, h, g, OFF, tn, OFF, cs, OFF, dh, OFF, dcPlain, OFF, dgPlain, OFF);
        float[] dgNorm = new float[OFF + ROWS * 4 * h];
        GateKernels.lstmNormGatesBackward(ROWS, h, g, OFF, tn, OFF, cs, OFF, dh, OFF, dcFull, OFF, dgNorm, OFF);
        assertArrayEquals(dgPlain, dgNorm, 0f, "gate gradients");
        assertArrayEquals(dcPlain, dcFull, 0f, "dL/dc_{t-1}");
    }

    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {1, 7, 16, 37, 128})
    void gruBackwardMatchesScalar(int h) {
        assumeTrue(VectorApi.available(), "the Vector API module is not present");
        Rng rng = new Rng(100 + h);
        float[] g = random(rng, OFF + ROWS * 3 * h, 0.01f, 0.99f);
        float[] rec = random(rng, OFF + ROWS * 3 * h, -2f, 2f);
        float[] hPrev = random(rng, OFF + ROWS * h, -1f, 1f);
        float[] dh = random(rng, OFF + ROWS * h, -1f, 1f);
        float[] dg = new float[OFF + ROWS * 3 * h];
        float[] dRec = new float[OFF + ROWS * 3 * h];
        float[] dhPrev = new float[OFF + ROWS * h];
        sameBits(new float[][] {g, rec, hPrev, dh, dg, dRec, dhPrev},
                x -> GateKernels.gruBackwardScalar(ROWS, h, x[0], OFF, x[1], OFF, x[2], OFF, x[3], OFF, x[4], OFF, x[5], OFF, x[6], OFF),
                x -> VectorGateKernels.gruBackward(ROWS, h, x[0], OFF, x[1], OFF, x[2], OFF, x[3], OFF, x[4], OFF, x[5], OFF, x[6], OFF),
                "gruBackward");
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 16, 37, 512})
    void elementwiseRowOpsMatchScalar(int n) {
        assumeTrue(VectorApi.available(), "the Vector API module is not present");
        Rng rng = new Rng(200 + n);
        float[] x = random(rng, OFF + ROWS * n, -1f, 1f);
        float[] v = random(rng, OFF + n, -1f, 1f);
        sameBits(new float[][] {x, v},
                a -> Elementwise.addRowVectorScalar(a[0], OFF, ROWS, n, a[1], OFF),
                a -> VectorElementwise.addRowVector(a[0], OFF, ROWS, n, a[1], OFF), "addRowVector");
        sameBits(new float[][] {x, v},
                a -> Elementwise.addColumnSumsScalar(a[0], OFF, ROWS, n, a[1], OFF),
                a -> VectorElementwise.addColumnSums(a[0], OFF, ROWS, n, a[1], OFF), "addColumnSums");
        sameBits(new float[][] {x, v},
                a -> Elementwise.addScalar(a[0], OFF, a[0], OFF + n, a[0], OFF, (ROWS - 1) * n),
                a -> VectorElementwise.add(a[0], OFF, a[0], OFF + n, a[0], OFF, (ROWS - 1) * n), "add in place");
    }

    @ParameterizedTest(name = "H={0}")
    @ValueSource(ints = {4})
    void rangesOutsideTheArraysAreRefused(int h) {
        float[] g = new float[4 * h];
        float[] small = new float[h - 1];
        assertThrows(IndexOutOfBoundsException.class, () -> GateKernels.lstmCell(1, h, g, 0, small, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Elementwise.addColumnSums(g, 1, 1, 4 * h, g, 0));
    }
}
