package dev.rnn.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * LayerNorm's passes against a double-precision oracle written from torch.nn.functional.layer_norm,
 * its backward against centred differences of that oracle, its in-place and accumulating forms,
 * and the vector passes against the scalar ones.
 */
class LayerNormTest {
    private static final int ROWS = 3;
    private static final int N = 37;

    private static float[] random(Rng rng, int len, float lo, float hi) {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
            a[i] = rng.uniform(lo, hi);
        }
        return a;
    }

    /** y = γ ⊙ (x − mean)/√(var + ε) + β of row r, in double. */
    private static double[] oracle(float[] x, double[] xd, int r, float[] gain, float[] bias) {
        double mean = 0;
        for (int j = 0; j < N; j++) {
            mean += xd != null ? xd[r * N + j] : x[r * N + j];
        }
        mean /= N;
        double var = 0;
        for (int j = 0; j < N; j++) {
            double d = (xd != null ? xd[r * N + j] : x[r * N + j]) - mean;
            var += d * d;
        }
        var /= N;
        double[] y = new double[N];
        for (int j = 0; j < N; j++) {
            y[j] = gain[j] * ((xd != null ? xd[r * N + j] : x[r * N + j]) - mean) / Math.sqrt(var + 1e-5) + bias[j];
        }
        return y;
    }

    @Test
    void forwardMatchesTheDoubleOracle() {
        Rng rng = new Rng(3);
        float[] x = random(rng, ROWS * N, -2f, 3f);
        float[] gain = random(rng, N, 0.5f, 1.5f);
        float[] bias = random(rng, N, -0.5f, 0.5f);
        float[] xhat = new float[ROWS * N + 5];
        float[] rstd = new float[ROWS + 1];
        float[] y = new float[ROWS * N];
        LayerNorm.normalize(x, 0, ROWS, N, xhat, 5, rstd, 1);
        LayerNorm.affine(xhat, 5, ROWS, N, gain, bias, y, 0, false);
        for (int r = 0; r < ROWS; r++) {
            double[] expected = oracle(x, null, r, gain, bias);
            for (int j = 0; j < N; j++) {
                assertEquals(expected[j], y[r * N + j], 1e-5 * (1 + Math.abs(expected[j])), "row " + r + " col " + j);
            }
        }
        float[] inPlace = x.clone();
        float[] rstd2 = new float[ROWS];
        LayerNorm.normalize(inPlace, 0, ROWS, N, inPlace, 0, rstd2, 0);
        float[] shifted = java.util.Arrays.copyOfRange(xhat, 5, 5 + ROWS * N);
        assertArrayEquals(shifted, inPlace, "in place gives the same bits");
        float[] acc = y.clone();
        LayerNorm.affine(xhat, 5, ROWS, N, gain, bias, acc, 0, true);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(2 * y[i], acc[i], 1e-6f * (1 + Math.abs(y[i])), "add accumulates at " + i);
        }
    }

    @Test
    void backwardMatchesCentredDifferences() {
        Rng rng = new Rng(5);
        float[] x = random(rng, ROWS * N, -2f, 3f);
        float[] gain = random(rng, N, 0.5f, 1.5f);
        float[] bias = random(rng, N, -0.5f, 0.5f);
        float[] dy = random(rng, ROWS * N, -1f, 1f);
        float[] xhat = new float[ROWS * N];
        float[] rstd = new float[ROWS];
        LayerNorm.normalize(x, 0, ROWS, N, xhat, 0, rstd, 0);
        float[] dx = new float[ROWS * N];
        LayerNorm.backward(dy, 0, xhat, 0, rstd, 0, ROWS, N, gain, dx, 0, false);
        float[] dGain = new float[N];
        float[] dBias = new float[N];
        LayerNorm.addParamGrads(dy, 0, xhat, 0, ROWS, N, 0, N, dGain, dBias);

        double[] xd = new double[ROWS * N];
        for (int i = 0; i < xd.length; i++) {
            xd[i] = x[i];
        }
        double eps = 1e-6;
        for (int r = 0; r < ROWS; r++) {
            for (int j = 0; j < N; j++) {
                double orig = xd[r * N + j];
                xd[r * N + j] = orig + eps;
                double up = dot(dy, r, oracle(x, xd, r, gain, bias));
                xd[r * N + j] = orig - eps;
                double down = dot(dy, r, oracle(x, xd, r, gain, bias));
                xd[r * N + j] = orig;
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, dx[r * N + j], 1e-4 * (1 + Math.abs(numeric)), "dx row " + r + " col " + j);
            }
        }
        for (int j = 0; j < N; j++) {
            double g = 0;
            double b = 0;
            for (int r = 0; r < ROWS; r++) {
                double[] y0 = oracle(x, null, r, ones(), new float[N]); // x̂ in double
                g += dy[r * N + j] * y0[j];
                b += dy[r * N + j];
            }
            assertEquals(g, dGain[j], 1e-5 * (1 + Math.abs(g)), "dγ " + j);
            assertEquals(b, dBias[j], 1e-5 * (1 + Math.abs(b)), "dβ " + j);
        }

        float[] inPlace = dy.clone();
        LayerNorm.backward(inPlace, 0, xhat, 0, rstd, 0, ROWS, N, gain, inPlace, 0, false);
        assertArrayEquals(dx, inPlace, "in place gives the same bits");
        float[] acc = new float[ROWS * N];
        java.util.Arrays.fill(acc, 1f);
        LayerNorm.backward(dy, 0, xhat, 0, rstd, 0, ROWS, N, gain, acc, 0, true);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(1f + dx[i], acc[i], 1e-6f, "add accumulates at " + i);
        }
    }

    @Test
    void aConstantRowNormalisesToZero() {
        float[] x = new float[N];
        java.util.Arrays.fill(x, 4f);
        float[] rstd = new float[1];
        LayerNorm.normalize(x, 0, 1, N, x, 0, rstd, 0);
        for (float v : x) {
            assertEquals(0f, v);
        }
        assertTrue(Math.abs(rstd[0] - 1 / Math.sqrt(1e-5)) < 1e-2 * rstd[0], "rstd of a constant row is 1/√ε, got " + rstd[0]);
    }

    @Test
    void aRangeOutsideTheArrayIsRefused() {
        float[] x = new float[N];
        float[] rstd = new float[2];
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> LayerNorm.normalize(x, 0, 2, N, x, 0, rstd, 0));
        assertTrue(e.getMessage().contains("outside an array of " + N), e.getMessage());
    }

    /**
     * The vector passes against the scalar oracle on a width with a tail (N = 37 is no multiple of
     * the lanes): elementwise passes bit for bit, the row sums within a few ulps.
     */
    @Test
    void theVectorPassesMatchTheScalarOnes() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorApi.available(), "the tests run with the Vector API module");
        for (int n : new int[] {N, 1024}) {
            Rng rng = new Rng(n);
            float[] x = random(rng, ROWS * n, -2f, 3f);
            float[] gain = random(rng, n, 0.5f, 1.5f);
            float[] bias = random(rng, n, -0.5f, 0.5f);
            float[] dy = random(rng, ROWS * n, -1f, 1f);
            float[] xhatV = new float[ROWS * n];
            float[] xhatS = new float[ROWS * n];
            float[] rstdV = new float[ROWS];
            float[] rstdS = new float[ROWS];
            VectorLayerNorm.normalize(x, 0, ROWS, n, xhatV, 0, rstdV, 0);
            LayerNorm.normalizeScalar(x, 0, ROWS, n, xhatS, 0, rstdS, 0);
            assertArrayEquals(xhatS, xhatV, 1e-5f, "x̂, n = " + n);
            assertArrayEquals(rstdS, rstdV, 1e-6f * rstdS[0], "rstd, n = " + n);

            float[] outV = dy.clone();
            float[] outS = dy.clone();
            VectorLayerNorm.affine(xhatS, 0, ROWS, n, gain, bias, outV, 0, true);
            LayerNorm.affineScalar(xhatS, 0, ROWS, n, gain, bias, outS, 0, true);
            assertArrayEquals(outS, outV, 0f, "affine, n = " + n);

            float[] dxV = x.clone();
            float[] dxS = x.clone();
            VectorLayerNorm.backward(dy, 0, xhatS, 0, rstdS, 0, ROWS, n, gain, dxV, 0, true);
            LayerNorm.backwardScalar(dy, 0, xhatS, 0, rstdS, 0, ROWS, n, gain, dxS, 0, true);
            assertArrayEquals(dxS, dxV, 1e-5f, "backward, n = " + n);

            float[] gV = new float[n];
            float[] bV = new float[n];
            float[] gS = new float[n];
            float[] bS = new float[n];
            VectorLayerNorm.addParamGrads(dy, 0, xhatS, 0, ROWS, n, 0, n, gV, bV);
            LayerNorm.addParamGradsScalar(dy, 0, xhatS, 0, ROWS, n, 0, n, gS, bS);
            assertArrayEquals(gS, gV, 0f, "dγ, n = " + n);
            assertArrayEquals(bS, bV, 0f, "dβ, n = " + n);
        }
    }

    /**
     * forward (normalize and affine fused per row) gives the bits of the two passes, scalar and
     * vector, plain and accumulating, in place, at widths with a tail (neither a multiple of 4, 8
     * nor 16) and at offsets.
     */
    @Test
    void forwardGivesTheBitsOfNormalizeThenAffine() {
        for (int n : new int[] {1, 5, N, 67, 1029}) {
            Rng rng = new Rng(40 + n);
            float[] x = random(rng, 2 + ROWS * n, -2f, 3f);
            float[] gain = random(rng, n, 0.5f, 1.5f);
            float[] bias = random(rng, n, -0.5f, 0.5f);
            float[] start = random(rng, 1 + ROWS * n, -1f, 1f);
            for (boolean add : new boolean[] {false, true}) {
                float[] xhat = new float[ROWS * n];
                float[] rstd = new float[ROWS];
                float[] want = start.clone();
                LayerNorm.normalize(x, 2, ROWS, n, xhat, 0, rstd, 0);
                LayerNorm.affine(xhat, 0, ROWS, n, gain, bias, want, 1, add);

                float[] inPlace = x.clone(); // x̂ over x, as the layers do
                float[] rstdF = new float[ROWS + 1];
                float[] got = start.clone();
                LayerNorm.forward(inPlace, 2, ROWS, n, gain, bias, inPlace, 2, rstdF, 1, got, 1, add);
                String what = "n = " + n + ", add = " + add;
                assertArrayEquals(xhat, java.util.Arrays.copyOfRange(inPlace, 2, 2 + ROWS * n), 0f, "x̂, " + what);
                assertArrayEquals(rstd, java.util.Arrays.copyOfRange(rstdF, 1, 1 + ROWS), 0f, "rstd, " + what);
                assertArrayEquals(want, got, 0f, "out, " + what);

                float[] xhatS = new float[ROWS * n];
                float[] rstdS = new float[ROWS];
                float[] gotS = start.clone();
                LayerNorm.forwardScalar(x, 2, ROWS, n, gain, bias, xhatS, 0, rstdS, 0, gotS, 1, add);
                float[] wantS = start.clone();
                float[] xhatS2 = new float[ROWS * n];
                LayerNorm.normalizeScalar(x, 2, ROWS, n, xhatS2, 0, new float[ROWS], 0);
                LayerNorm.affineScalar(xhatS2, 0, ROWS, n, gain, bias, wantS, 1, add);
                assertArrayEquals(xhatS2, xhatS, 0f, "scalar x̂, " + what);
                assertArrayEquals(wantS, gotS, 0f, "scalar out, " + what);
                // vector against scalar: x̂ within the row sums' rounding
                assertArrayEquals(xhatS, xhat, 1e-5f, "vector x̂ vs scalar, " + what);
            }
        }
    }

    /**
     * The parameter gradients over column ranges, at boundaries that are no multiple of the lanes,
     * give the bits of one serial sum over all columns (a naive loop), and the two-norm form gives
     * the bits of two one-norm calls; scalar and vector alike.
     */
    @Test
    void paramGradsOverColumnRangesEqualTheSerialSum() {
        for (int n : new int[] {1, N, 67, 1029}) {
            Rng rng = new Rng(60 + n);
            int rows = 7;
            float[] dy = random(rng, 3 + rows * n, -1f, 1f);
            float[] xa = random(rng, rows * n, -2f, 2f);
            float[] xb = random(rng, 1 + rows * n, -2f, 2f);
            float[] g0 = random(rng, n, -0.1f, 0.1f); // gradients already hold a sum
            float[] b0 = random(rng, n, -0.1f, 0.1f);
            float[] wantG = g0.clone();
            float[] wantB = b0.clone();
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    wantG[j] += dy[3 + r * n + j] * xa[r * n + j];
                    wantB[j] += dy[3 + r * n + j];
                }
            }
            int[] cuts = {0, Math.min(n, 3), Math.min(n, n / 2 + 1), n};
            float[] gs = g0.clone();
            float[] bs = b0.clone();
            float[] gv = g0.clone();
            float[] bv = b0.clone();
            for (int c = 0; c + 1 < cuts.length; c++) {
                LayerNorm.addParamGradsScalar(dy, 3, xa, 0, rows, n, cuts[c], cuts[c + 1], gs, bs);
                LayerNorm.addParamGrads(dy, 3, xa, 0, rows, n, cuts[c], cuts[c + 1], gv, bv);
            }
            assertArrayEquals(wantG, gs, 0f, "scalar dγ, n = " + n);
            assertArrayEquals(wantB, bs, 0f, "scalar dβ, n = " + n);
            assertArrayEquals(wantG, gv, 0f, "dγ, n = " + n);
            assertArrayEquals(wantB, bv, 0f, "dβ, n = " + n);

            float[] gbOne = b0.clone();
            float[] bbOne = g0.clone();
            LayerNorm.addParamGrads(dy, 3, xb, 1, rows, n, 0, n, gbOne, bbOne);
            float[] ga = g0.clone();
            float[] ba = b0.clone();
            float[] gb = b0.clone();
            float[] bb = g0.clone();
            for (int c = 0; c + 1 < cuts.length; c++) {
                LayerNorm.addParamGrads(dy, 3, xa, 0, xb, 1, rows, n, cuts[c], cuts[c + 1], ga, ba, gb, bb);
            }
            assertArrayEquals(wantG, ga, 0f, "two norms: dγ_a, n = " + n);
            assertArrayEquals(wantB, ba, 0f, "two norms: dβ_a, n = " + n);
            assertArrayEquals(gbOne, gb, 0f, "two norms: dγ_b, n = " + n);
            assertArrayEquals(bbOne, bb, 0f, "two norms: dβ_b, n = " + n);
        }
        float[] a = new float[8];
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> LayerNorm.addParamGrads(a, 0, a, 0, 2, 4, 3, 5, a, a));
        assertTrue(e.getMessage().contains("columns [3, 5) outside a row of 4"), e.getMessage());
    }

    private static float[] ones() {
        float[] a = new float[N];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    private static double dot(float[] dy, int r, double[] y) {
        double s = 0;
        for (int j = 0; j < N; j++) {
            s += dy[r * N + j] * y[j];
        }
        return s;
    }
}
