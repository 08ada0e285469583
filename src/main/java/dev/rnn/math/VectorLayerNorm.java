package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector bodies of {@link LayerNorm}'s passes. The elementwise passes (affine, the parameter
 * gradients, forward's x̂ and output once the row's mean and rstd are known) use the scalar code's
 * operations in its order, so their bits equal it; the row sums
 * (mean, variance, backward's two means) add L lanes at a time, so they round differently from
 * the scalar loop (within a few ulps; LayerNormTest) but the same way for every row, whatever the
 * batch or thread split. HotSpot does not vectorise the scalar float sums (not associative).
 */
final class VectorLayerNorm {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorLayerNorm() {
    }

    /** The mean of row x[xr, xr + n): L lanes, then the tail. */
    private static float mean(float[] x, int xr, int n) {
        int nv = n / L * L;
        FloatVector acc = FloatVector.zero(F);
        for (int j = 0; j < nv; j += L) {
            acc = acc.add(FloatVector.fromArray(F, x, xr + j));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int j = nv; j < n; j++) {
            sum += x[xr + j];
        }
        return sum / n;
    }

    /** 1 / sqrt(variance + eps) of row x[xr, xr + n) about {@code mean}. */
    private static float rstd(float[] x, int xr, int n, float mean) {
        int nv = n / L * L;
        FloatVector m = FloatVector.broadcast(F, mean);
        FloatVector sqAcc = FloatVector.zero(F);
        for (int j = 0; j < nv; j += L) {
            FloatVector d = FloatVector.fromArray(F, x, xr + j).sub(m);
            sqAcc = sqAcc.add(d.mul(d));
        }
        float sq = sqAcc.reduceLanes(VectorOperators.ADD);
        for (int j = nv; j < n; j++) {
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
            FloatVector accG = FloatVector.zero(F);
            FloatVector accGx = FloatVector.zero(F);
            for (int j = 0; j < nv; j += L) {
                FloatVector gdy = FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j));
                accG = accG.add(gdy);
                accGx = accGx.add(gdy.mul(FloatVector.fromArray(F, xhat, xr + j)));
            }
            float sumG = accG.reduceLanes(VectorOperators.ADD);
            float sumGx = accGx.reduceLanes(VectorOperators.ADD);
            for (int j = nv; j < n; j++) {
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
                for (int j = 0; j < nv; j += L) {
                    FloatVector v = FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j)).sub(mg)
                            .sub(FloatVector.fromArray(F, xhat, xr + j).mul(mgx)).mul(s);
                    FloatVector.fromArray(F, dx, or + j).add(v).intoArray(dx, or + j);
                }
            } else {
                for (int j = 0; j < nv; j += L) {
                    FloatVector.fromArray(F, gain, j).mul(FloatVector.fromArray(F, dy, dr + j)).sub(mg)
                            .sub(FloatVector.fromArray(F, xhat, xr + j).mul(mgx)).mul(s).intoArray(dx, or + j);
                }
            }
            for (int j = nv; j < n; j++) {
                float v = s * (gain[j] * dy[dr + j] - meanG - xhat[xr + j] * meanGx);
                dx[or + j] = add ? dx[or + j] + v : v;
            }
        }
    }

    static void addParamGrads(float[] dy, int dyOff, float[] xhat, int xOff, int rows, int n, int from, int to,
                              float[] dGain, float[] dBias) {
        int end = from + (to - from) / L * L;
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int xr = xOff + r * n;
            for (int j = from; j < end; j += L) {
                FloatVector d = FloatVector.fromArray(F, dy, dr + j);
                FloatVector.fromArray(F, dGain, j).add(d.mul(FloatVector.fromArray(F, xhat, xr + j))).intoArray(dGain, j);
                FloatVector.fromArray(F, dBias, j).add(d).intoArray(dBias, j);
            }
            for (int j = end; j < to; j++) {
                dGain[j] += dy[dr + j] * xhat[xr + j];
                dBias[j] += dy[dr + j];
            }
        }
    }

    static void addParamGrads(float[] dy, int dyOff, float[] xhatA, int aOff, float[] xhatB, int bOff, int rows, int n,
                              int from, int to, float[] dGainA, float[] dBiasA, float[] dGainB, float[] dBiasB) {
        int end = from + (to - from) / L * L;
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int ar = aOff + r * n;
            int br = bOff + r * n;
            for (int j = from; j < end; j += L) {
                FloatVector d = FloatVector.fromArray(F, dy, dr + j);
                FloatVector.fromArray(F, dGainA, j).add(d.mul(FloatVector.fromArray(F, xhatA, ar + j))).intoArray(dGainA, j);
                FloatVector.fromArray(F, dBiasA, j).add(d).intoArray(dBiasA, j);
                FloatVector.fromArray(F, dGainB, j).add(d.mul(FloatVector.fromArray(F, xhatB, br + j))).intoArray(dGainB, j);
                FloatVector.fromArray(F, dBiasB, j).add(d).intoArray(dBiasB, j);
            }
            for (int j = end; j < to; j++) {
                float d = dy[dr + j];
                dGainA[j] += d * xhatA[ar + j];
                dBiasA[j] += d;
                dGainB[j] += d * xhatB[br + j];
                dBiasB[j] += d;
            }
        }
    }
}
