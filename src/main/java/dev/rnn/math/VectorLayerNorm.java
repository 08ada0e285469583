package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector bodies of {@link LayerNorm}'s passes. The elementwise passes (affine, the parameter
 * gradients, forward's x̂ and output once the row's mean and rstd are known) use the scalar code's
 * operations in its order, so their bits equal it; the row sums
 * (mean, variance, backward's two means) add L lanes at a time in independent chains, so they
 * round differently from the scalar loop (within a few ulps; LayerNormTest) but the same way for
 * every row, whatever the batch or thread split. HotSpot does not vectorise the scalar float sums
 * (not associative).
 */
final class VectorLayerNorm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorLayerNorm() {
    }

    /**
     * The mean of row x[xr, xr + n): four chains of L lanes (one add's latency apart, so they
     * overlap), then one, then the tail.
     */
    private static float mean(float[] x, int xr, int n) {
        int nv = n / L * L;
        int n4 = n / (4 * L) * (4 * L);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int j = 0;
        for (; j < n4; j += 4 * L) {
            a0 = a0.add(FloatVector.fromArray(F, x, xr + j));
            a1 = a1.add(FloatVector.fromArray(F, x, xr + j + L));
            a2 = a2.add(FloatVector.fromArray(F, x, xr + j + 2 * L));
            a3 = a3.add(FloatVector.fromArray(F, x, xr + j + 3 * L));
        }
        for (; j < nv; j += L) {
            a0 = a0.add(FloatVector.fromArray(F, x, xr + j));
        }
        float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (j = nv; j < n; j++) {
            sum += x[xr + j];
        }
        return sum / n;
    }

    /** 1 / sqrt(variance + eps) of row x[xr, xr + n) about {@code mean}, summed as {@link #mean}. */
    private static float rstd(float[] x, int xr, int n, float mean) {
        int nv = n / L * L;
        int n4 = n / (4 * L) * (4 * L);
        FloatVector m = FloatVector.broadcast(F, mean);
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int j = 0;
        for (; j < n4; j += 4 * L) {
            FloatVector d0 = FloatVector.fromArray(F, x, xr + j).sub(m);
            FloatVector d1 = FloatVector.fromArray(F, x, xr + j + L).sub(m);
            FloatVector d2 = FloatVector.fromArray(F, x, xr + j + 2 * L).sub(m);
            FloatVector d3 = FloatVector.fromArray(F, x, xr + j + 3 * L).sub(m);
            a0 = a0.add(d0.mul(d0));
            a1 = a1.add(d1.mul(d1));
            a2 = a2.add(d2.mul(d2));
            a3 = a3.add(d3.mul(d3));
        }
        for (; j < nv; j += L) {
            FloatVector d = FloatVector.fromArray(F, x, xr + j).sub(m);
            a0 = a0.add(d.mul(d));
        }
        float sq = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (j = nv; j < n; j++) {
            float d = x[xr + j] - mean;
            sq += d * d;
        }
        return (float) (1.0 / Math.sqrt(sq / n + LayerNorm.EPS));
    }

    static void normalize(float[] x, int xOff, int rows, int n, float[] out, int outOff, float[] rstd, int rstdOff) {
        int nv = n / L * L;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            int or = outOff + r * n;
            float mean = mean(x, xr, n);
            FloatVector m = FloatVector.broadcast(F, mean);
            float s = rstd(x, xr, n, mean);
            rstd[rstdOff + r] = s;
            for (int j = 0; j < nv; j += L) {
                FloatVector.fromArray(F, x, xr + j).sub(m).mul(s).intoArray(out, or + j);
            }
            for (int j = nv; j < n; j++) {
                out[or + j] = (x[xr + j] - mean) * s;
            }
        }
    }

    static void forward(float[] x, int xOff, int rows, int n, float[] gain, float[] bias, float[] xhat, int xhatOff,
                        float[] rstd, int rstdOff, float[] out, int outOff, boolean add) {
        int nv = n / L * L;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            int hr = xhatOff + r * n;
            int or = outOff + r * n;
            float mean = mean(x, xr, n);
            FloatVector m = FloatVector.broadcast(F, mean);
            float s = rstd(x, xr, n, mean);
            rstd[rstdOff + r] = s;
            if (add) {
                for (int j = 0; j < nv; j += L) {
                    FloatVector v = FloatVector.fromArray(F, x, xr + j).sub(m).mul(s);
                    v.intoArray(xhat, hr + j);
                    FloatVector.fromArray(F, out, or + j)
                            .add(FloatVector.fromArray(F, gain, j).mul(v).add(FloatVector.fromArray(F, bias, j)))
                            .intoArray(out, or + j);
                }
            } else {
                for (int j = 0; j < nv; j += L) {
                    FloatVector v = FloatVector.fromArray(F, x, xr + j).sub(m).mul(s);
                    v.intoArray(xhat, hr + j);
                    FloatVector.fromArray(F, gain, j).mul(v).add(FloatVector.fromArray(F, bias, j)).intoArray(out, or + j);
                }
            }
            for (int j = nv; j < n; j++) {
                float v = (x[xr + j] - mean) * s;
                xhat[hr + j] = v;
                float y = gain[j] * v + bias[j];
                out[or + j] = add ? out[or + j] + y : y;
            }
        }
    }

    static void affine(float[] xhat, int xOff, int rows, int n, float[] gain, float[] bias, float[] out, int outOff,
                       boolean add) {
        int nv = n / L * L;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            int or = outOff + r * n;
            for (int j = 0; j < nv; j += L) {
                FloatVector y = FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, xhat, xr + j))
                        .add(FloatVector.fromArray(F, bias, j));
                (add ? FloatVector.fromArray(F, out, or + j).add(y) : y).intoArray(out, or + j);
            }
            for (int j = nv; j < n; j++) {
                float y = gain[j] * xhat[xr + j] + bias[j];
                out[or + j] = add ? out[or + j] + y : y;
            }
        }
    }

    static void backward(float[] dy, int dyOff, float[] xhat, int xOff, float[] rstd, int rstdOff, int rows, int n,
                         float[] gain, float[] dx, int dxOff, boolean add) {
        int nv = n / L * L;
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int xr = xOff + r * n;
            int or = dxOff + r * n;
            // two chains per sum, as in mean()
            FloatVector accG = FloatVector.zero(F);
            FloatVector accGx = accG;
            FloatVector accG1 = accG;
            FloatVector accGx1 = accG;
            int j2 = n / (2 * L) * (2 * L);
            int j = 0;
            for (; j < j2; j += 2 * L) {
                FloatVector gdy = FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j));
                FloatVector gdy1 = FloatVector.fromArray(F, gain, j + L).mul(FloatVector.fromArray(F, dy, dr + j + L));
                accG = accG.add(gdy);
                accGx = accGx.add(gdy.mul(FloatVector.fromArray(F, xhat, xr + j)));
                accG1 = accG1.add(gdy1);
                accGx1 = accGx1.add(gdy1.mul(FloatVector.fromArray(F, xhat, xr + j + L)));
            }
            for (; j < nv; j += L) {
                FloatVector gdy = FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j));
                accG = accG.add(gdy);
                accGx = accGx.add(gdy.mul(FloatVector.fromArray(F, xhat, xr + j)));
            }
            float sumG = accG.add(accG1).reduceLanes(VectorOperators.ADD);
            float sumGx = accGx.add(accGx1).reduceLanes(VectorOperators.ADD);
            for (j = nv; j < n; j++) {
                float gdy = gain[j] * dy[dr + j];
                sumG += gdy;
                sumGx += gdy * xhat[xr + j];
            }
            float meanG = sumG / n;
            float meanGx = sumGx / n;
            float s = rstd[rstdOff + r];
            FloatVector mg = FloatVector.broadcast(F, meanG);
            FloatVector mgx = FloatVector.broadcast(F, meanGx);
            if (add) {
                for (j = 0; j < nv; j += L) {
                    FloatVector v = FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j)).sub(mg)
                            .sub(FloatVector.fromArray(F, xhat, xr + j).mul(mgx)).mul(s);
                    FloatVector.fromArray(F, dx, or + j).add(v).intoArray(dx, or + j);
                }
            } else {
                for (j = 0; j < nv; j += L) {
                    FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j)).sub(mg)
                            .sub(FloatVector.fromArray(F, xhat, xr + j).mul(mgx)).mul(s).intoArray(dx, or + j);
                }
            }
            for (j = nv; j < n; j++) {
                float v = s * (gain[j] * dy[dr + j] - meanG - xhat[xr + j] * meanGx);
                dx[or + j] = add ? dx[or + j] + v : v;
            }
        }
    }

    /**
     * dγ[from, to) += Σ_rows dy ⊙ x̂, dβ[from, to) += Σ_rows dy. Each column's sum runs in register
     * chains down all the rows, four vectors of columns at a time, and starts from the stored
     * value: the same additions in the same order as adding row by row into the arrays, so the
     * same bits, without a store and a reload per row.
     */
    static void addParamGrads(float[] dy, int dyOff, float[] xhat, int xOff, int rows, int n, int from, int to,
                              float[] dGain, float[] dBias) {
        int end = from + (to - from) / L * L;
        int end4 = from + (to - from) / (4 * L) * (4 * L);
        int j = from;
        for (; j < end4; j += 4 * L) {
            FloatVector g0 = FloatVector.fromArray(F, dGain, j);
            FloatVector g1 = FloatVector.fromArray(F, dGain, j + L);
            FloatVector g2 = FloatVector.fromArray(F, dGain, j + 2 * L);
            FloatVector g3 = FloatVector.fromArray(F, dGain, j + 3 * L);
            FloatVector b0 = FloatVector.fromArray(F, dBias, j);
            FloatVector b1 = FloatVector.fromArray(F, dBias, j + L);
            FloatVector b2 = FloatVector.fromArray(F, dBias, j + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, dBias, j + 3 * L);
            for (int r = 0; r < rows; r++) {
                int dr = dyOff + r * n + j;
                int xr = xOff + r * n + j;
                FloatVector d0 = FloatVector.fromArray(F, dy, dr);
                FloatVector d1 = FloatVector.fromArray(F, dy, dr + L);
                FloatVector d2 = FloatVector.fromArray(F, dy, dr + 2 * L);
                FloatVector d3 = FloatVector.fromArray(F, dy, dr + 3 * L);
                g0 = g0.add(d0.mul(FloatVector.fromArray(F, xhat, xr)));
                g1 = g1.add(d1.mul(FloatVector.fromArray(F, xhat, xr + L)));
                g2 = g2.add(d2.mul(FloatVector.fromArray(F, xhat, xr + 2 * L)));
                g3 = g3.add(d3.mul(FloatVector.fromArray(F, xhat, xr + 3 * L)));
                b0 = b0.add(d0);
                b1 = b1.add(d1);
                b2 = b2.add(d2);
                b3 = b3.add(d3);
            }
            g0.intoArray(dGain, j);
            g1.intoArray(dGain, j + L);
            g2.intoArray(dGain, j + 2 * L);
            g3.intoArray(dGain, j + 3 * L);
            b0.intoArray(dBias, j);
            b1.intoArray(dBias, j + L);
            b2.intoArray(dBias, j + 2 * L);
            b3.intoArray(dBias, j + 3 * L);
        }
        for (; j < end; j += L) {
            FloatVector g = FloatVector.fromArray(F, dGain, j);
            FloatVector b = FloatVector.fromArray(F, dBias, j);
            for (int r = 0; r < rows; r++) {
                FloatVector d = FloatVector.fromArray(F, dy, dyOff + r * n + j);
                g = g.add(d.mul(FloatVector.fromArray(F, xhat, xOff + r * n + j)));
                b = b.add(d);
            }
            g.intoArray(dGain, j);
            b.intoArray(dBias, j);
        }
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int xr = xOff + r * n;
            for (int c = end; c < to; c++) {
                dGain[c] += dy[dr + c] * xhat[xr + c];
                dBias[c] += dy[dr + c];
            }
        }
    }

    /** {@link #addParamGrads} for two norms fed the same dy (the LSTM's), two vectors of columns at a time. */
    static void addParamGrads(float[] dy, int dyOff, float[] xhatA, int aOff, float[] xhatB, int bOff, int rows, int n,
                              int from, int to, float[] dGainA, float[] dBiasA, float[] dGainB, float[] dBiasB) {
        int end = from + (to - from) / L * L;
        int end2 = from + (to - from) / (2 * L) * (2 * L);
        int j = from;
        for (; j < end2; j += 2 * L) {
            FloatVector ga0 = FloatVector.fromArray(F, dGainA, j);
            FloatVector ga1 = FloatVector.fromArray(F, dGainA, j + L);
            FloatVector ba0 = FloatVector.fromArray(F, dBiasA, j);
            FloatVector ba1 = FloatVector.fromArray(F, dBiasA, j + L);
            FloatVector gb0 = FloatVector.fromArray(F, dGainB, j);
            FloatVector gb1 = FloatVector.fromArray(F, dGainB, j + L);
            FloatVector bb0 = FloatVector.fromArray(F, dBiasB, j);
            FloatVector bb1 = FloatVector.fromArray(F, dBiasB, j + L);
            for (int r = 0; r < rows; r++) {
                int dr = dyOff + r * n + j;
                int ar = aOff + r * n + j;
                int br = bOff + r * n + j;
                FloatVector d0 = FloatVector.fromArray(F, dy, dr);
                FloatVector d1 = FloatVector.fromArray(F, dy, dr + L);
                ga0 = ga0.add(d0.mul(FloatVector.fromArray(F, xhatA, ar)));
                ga1 = ga1.add(d1.mul(FloatVector.fromArray(F, xhatA, ar + L)));
                ba0 = ba0.add(d0);
                ba1 = ba1.add(d1);
                gb0 = gb0.add(d0.mul(FloatVector.fromArray(F, xhatB, br)));
                gb1 = gb1.add(d1.mul(FloatVector.fromArray(F, xhatB, br + L)));
                bb0 = bb0.add(d0);
                bb1 = bb1.add(d1);
            }
            ga0.intoArray(dGainA, j);
            ga1.intoArray(dGainA, j + L);
            ba0.intoArray(dBiasA, j);
            ba1.intoArray(dBiasA, j + L);
            gb0.intoArray(dGainB, j);
            gb1.intoArray(dGainB, j + L);
            bb0.intoArray(dBiasB, j);
            bb1.intoArray(dBiasB, j + L);
        }
        for (; j < end; j += L) {
            FloatVector ga = FloatVector.fromArray(F, dGainA, j);
            FloatVector ba = FloatVector.fromArray(F, dBiasA, j);
            FloatVector gb = FloatVector.fromArray(F, dGainB, j);
            FloatVector bb = FloatVector.fromArray(F, dBiasB, j);
            for (int r = 0; r < rows; r++) {
                FloatVector d = FloatVector.fromArray(F, dy, dyOff + r * n + j);
                ga = ga.add(d.mul(FloatVector.fromArray(F, xhatA, aOff + r * n + j)));
                ba = ba.add(d);
                gb = gb.add(d.mul(FloatVector.fromArray(F, xhatB, bOff + r * n + j)));
                bb = bb.add(d);
            }
            ga.intoArray(dGainA, j);
            ba.intoArray(dBiasA, j);
            gb.intoArray(dGainB, j);
            bb.intoArray(dBiasB, j);
        }
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int ar = aOff + r * n;
            int br = bOff + r * n;
            for (int c = end; c < to; c++) {
                float d = dy[dr + c];
                dGainA[c] += d * xhatA[ar + c];
                dBiasA[c] += d;
                dGainB[c] += d * xhatB[br + c];
                dBiasB[c] += d;
            }
        }
    }
}
