package dev.rnn.math;

/**
 * Layer normalisation of each row of a row-major (rows, n) block (Ba et al. 2016), as
 * {@code torch.nn.LayerNorm(n, eps=1e-5)}: x̂ = (x − mean) · rstd with rstd = 1/√(var + ε) and
 * the biased variance, then y = γ ⊙ x̂ + β. Split into the passes a layer needs so that x̂ and rstd
 * are what forward caches and backward reads. Every pass is a whole-row loop over contiguous
 * arrays that writes only its own rows, so row ranges may run on different threads. With the
 * Vector API module present these run {@link VectorLayerNorm}'s bodies; the scalar ones here are
 * their oracle (LayerNormTest).
 */
public final class LayerNorm {
    /** ε, PyTorch's default. */
    public static final float EPS = 1e-5f;
    private static final boolean VECTOR = VectorApi.available();

    private LayerNorm() {
    }

    /**
     * out (rows, n) = x̂ of each row of x (rows, n); rstd (rows) = 1/√(var + ε) of each row.
     * {@code out} may be {@code x} at the same offset (in place).
     */
    public static void normalize(float[] x, int xOff, int rows, int n, float[] out, int outOff,
                                 float[] rstd, int rstdOff) {
        check(x, xOff, (long) rows * n);
        check(out, outOff, (long) rows * n);
        check(rstd, rstdOff, rows);
        if (VECTOR) {
            VectorLayerNorm.normalize(x, xOff, rows, n, out, outOff, rstd, rstdOff);
        } else {
            normalizeScalar(x, xOff, rows, n, out, outOff, rstd, rstdOff);
        }
    }

    static void normalizeScalar(float[] x, int xOff, int rows, int n, float[] out, int outOff,
                                float[] rstd, int rstdOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            int or = outOff + r * n;
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                sum += x[xr + j];
            }
            float mean = sum / n;
            float sq = 0f;
            for (int j = 0; j < n; j++) {
                float d = x[xr + j] - mean;
                sq += d * d;
            }
            float s = (float) (1.0 / Math.sqrt(sq / n + EPS));
            rstd[rstdOff + r] = s;
            for (int j = 0; j < n; j++) {
                out[or + j] = (x[xr + j] - mean) * s;
            }
        }
    }

    /**
     * {@link #normalize} then {@link #affine}, row by row while the row is in cache: x̂ (rows, n)
     * and rstd (rows) as normalize writes them, out (rows, n) = γ ⊙ x̂ + β, or with {@code add}
     * out += that. The same operations per element as the two passes, so the same bits.
     * {@code xhat} may be {@code x} at the same offset (in place); {@code out} must overlap neither.
     */
    public static void forward(float[] x, int xOff, int rows, int n, float[] gain, float[] bias,
                               float[] xhat, int xhatOff, float[] rstd, int rstdOff,
                               float[] out, int outOff, boolean add) {
        check(x, xOff, (long) rows * n);
        check(xhat, xhatOff, (long) rows * n);
        check(rstd, rstdOff, rows);
        check(gain, 0, n);
        check(bias, 0, n);
        check(out, outOff, (long) rows * n);
        if (VECTOR) {
            VectorLayerNorm.forward(x, xOff, rows, n, gain, bias, xhat, xhatOff, rstd, rstdOff, out, outOff, add);
        } else {
            forwardScalar(x, xOff, rows, n, gain, bias, xhat, xhatOff, rstd, rstdOff, out, outOff, add);
        }
    }

    static void forwardScalar(float[] x, int xOff, int rows, int n, float[] gain, float[] bias,
                              float[] xhat, int xhatOff, float[] rstd, int rstdOff,
                              float[] out, int outOff, boolean add) {
        for (int r = 0; r < rows; r++) {
            normalizeScalar(x, xOff + r * n, 1, n, xhat, xhatOff + r * n, rstd, rstdOff + r);
            affineScalar(xhat, xhatOff + r * n, 1, n, gain, bias, out, outOff + r * n, add);
        }
    }

    /** out (rows, n) = γ ⊙ x̂ + β, or with {@code add} out += γ ⊙ x̂ + β; γ and β are (n). */
    public static void affine(float[] xhat, int xOff, int rows, int n, float[] gain, float[] bias,
                              float[] out, int outOff, boolean add) {
        check(xhat, xOff, (long) rows * n);
        check(out, outOff, (long) rows * n);
        check(gain, 0, n);
        check(bias, 0, n);
        if (VECTOR) {
            VectorLayerNorm.affine(xhat, xOff, rows, n, gain, bias, out, outOff, add);
        } else {
            affineScalar(xhat, xOff, rows, n, gain, bias, out, outOff, add);
        }
    }

    static void affineScalar(float[] xhat, int xOff, int rows, int n, float[] gain, float[] bias,
                             float[] out, int outOff, boolean add) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            int or = outOff + r * n;
            if (add) {
                for (int j = 0; j < n; j++) {
                    out[or + j] += gain[j] * xhat[xr + j] + bias[j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    out[or + j] = gain[j] * xhat[xr + j] + bias[j];
                }
            }
        }
    }

    /**
     * dL/dx of each row from dL/dy: dx = rstd ⊙ (γ⊙dy − mean(γ⊙dy) − x̂ · mean(γ⊙dy⊙x̂)); with
     * {@code add} dx += that. {@code dx} may be {@code dy} at the same offset (in place, without add).
     */
    public static void backward(float[] dy, int dyOff, float[] xhat, int xOff, float[] rstd, int rstdOff,
                                int rows, int n, float[] gain, float[] dx, int dxOff, boolean add) {
        check(dy, dyOff, (long) rows * n);
        check(xhat, xOff, (long) rows * n);
        check(rstd, rstdOff, rows);
        check(gain, 0, n);
        check(dx, dxOff, (long) rows * n);
        if (VECTOR) {
            VectorLayerNorm.backward(dy, dyOff, xhat, xOff, rstd, rstdOff, rows, n, gain, dx, dxOff, add);
        } else {
            backwardScalar(dy, dyOff, xhat, xOff, rstd, rstdOff, rows, n, gain, dx, dxOff, add);
        }
    }

    static void backwardScalar(float[] dy, int dyOff, float[] xhat, int xOff, float[] rstd, int rstdOff,
                               int rows, int n, float[] gain, float[] dx, int dxOff, boolean add) {
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int xr = xOff + r * n;
            int or = dxOff + r * n;
            float sumG = 0f;
            float sumGx = 0f;
            for (int j = 0; j < n; j++) {
                float gdy = gain[j] * dy[dr + j];
                sumG += gdy;
                sumGx += gdy * xhat[xr + j];
            }
            float meanG = sumG / n;
            float meanGx = sumGx / n;
            float s = rstd[rstdOff + r];
            if (add) {
                for (int j = 0; j < n; j++) {
                    dx[or + j] += s * (gain[j] * dy[dr + j] - meanG - xhat[xr + j] * meanGx);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    dx[or + j] = s * (gain[j] * dy[dr + j] - meanG - xhat[xr + j] * meanGx);
                }
            }
        }
    }

    /**
     * dγ[j] += Σ_rows dy ⊙ x̂ and dβ[j] += Σ_rows dy for the columns j in [from, to), adding the
     * rows in order. Each column is one running sum whatever the column range, so splitting the
     * columns over threads gives the bits of one call over all of them.
     */
    public static void addParamGrads(float[] dy, int dyOff, float[] xhat, int xOff, int rows, int n, int from, int to,
                                     float[] dGain, float[] dBias) {
        check(dy, dyOff, (long) rows * n);
        check(xhat, xOff, (long) rows * n);
        checkColumns(from, to, n);
        check(dGain, 0, n);
        check(dBias, 0, n);
        if (VECTOR) {
            VectorLayerNorm.addParamGrads(dy, dyOff, xhat, xOff, rows, n, from, to, dGain, dBias);
        } else {
            addParamGradsScalar(dy, dyOff, xhat, xOff, rows, n, from, to, dGain, dBias);
        }
    }

    static void addParamGradsScalar(float[] dy, int dyOff, float[] xhat, int xOff, int rows, int n, int from, int to,
                                    float[] dGain, float[] dBias) {
        for (int r = 0; r < rows; r++) {
            int dr = dyOff + r * n;
            int xr = xOff + r * n;
            for (int j = from; j < to; j++) {
                dGain[j] += dy[dr + j] * xhat[xr + j];
                dBias[j] += dy[dr + j];
            }
        }
    }

    /**
     * {@link #addParamGrads} of two norms whose outputs are added, so that both see the same dy
     * (the LSTM's LN(W_ih·x) and LN(W_hh·h) feed one pre-activation): one pass over dy for
     * (dγ_a, dβ_a) from x̂_a and (dγ_b, dβ_b) from x̂_b, the bits of two separate calls.
     */
    public static void addParamGrads(float[] dy, int dyOff, float[] xhatA, int aOff, float[] xhatB, int bOff,
                                     int rows, int n, int from, int to,
                                     float[] dGainA, float[] dBiasA, float[] dGainB, float[] dBiasB) {
        check(dy, dyOff, (long) rows * n);
        check(xhatA, aOff, (long) rows * n);
        check(xhatB, bOff, (long) rows * n);
        checkColumns(from, to, n);
        check(dGainA, 0, n);
        check(dBiasA, 0, n);
        check(dGainB, 0, n);
        check(dBiasB, 0, n);
        if (VECTOR) {
            VectorLayerNorm.addParamGrads(dy, dyOff, xhatA, aOff, xhatB, bOff, rows, n, from, to,
                    dGainA, dBiasA, dGainB, dBiasB);
        } else {
            addParamGradsScalar(dy, dyOff, xhatA, aOff, rows, n, from, to, dGainA, dBiasA);
            addParamGradsScalar(dy, dyOff, xhatB, bOff, rows, n, from, to, dGainB, dBiasB);
        }
    }

    private static void checkColumns(int from, int to, int n) {
        if (from < 0 || from > to || to > n) {
            throw new IndexOutOfBoundsException("columns [" + from + ", " + to + ") outside a row of " + n);
        }
    }

    private static void check(float[] a, int off, long len) {
        if (off < 0 || len < 0 || off > a.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + len)
                    + ") outside an array of " + a.length);
        }
    }
}
