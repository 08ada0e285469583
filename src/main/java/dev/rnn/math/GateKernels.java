package dev.rnn.math;

/**
 * The fused elementwise passes of the LSTM and GRU steps, one row of H units at a time.
 *
 * <p>Why here and not in the cells: a cell's step reads and writes one flat array at several
 * gate offsets (i | f | g | o), which HotSpot's auto-vectoriser will not touch (it cannot rule out
 * that the offsets overlap), so the scalar loops ran at about a tenth of the vector speed and were
 * the largest cost after the products (9 % of an LSTM 2×128 training step; JFR). With the Vector
 * API module present these run {@link VectorGateKernels}' bodies: the same formula with the same
 * operations in the same order (no fused multiply-add), so the bits equal this scalar code's and do
 * not depend on how rows are split over threads. GateKernelsTest checks both.
 *
 * <p>Layouts (row-major, rows {@code rows}, H = {@code h}): LSTM gates (rows, 4H) in PyTorch's
 * order i | f | g | o; GRU gates and recurrent pre-activations (rows, 3H) in the order r | z | n;
 * every other buffer (rows, H).
 */
public final class GateKernels {
    private static final boolean VECTOR = VectorApi.available();

    private GateKernels() {
    }

    /**
     * LSTM cell update, after the sigmoid over all four gate blocks with the g block's
     * pre-activations doubled: g = 2σ(2x) − 1 = tanh(x) is written back, and
     * c_t = f ⊙ c_{t-1} + i ⊙ g.
     *
     * @param g  (rows, 4H) at {@code gOff}: i | f | σ(2x_g) | o on entry, i | f | g | o on exit
     * @param cs c_{t-1} (rows, H) at {@code cPrev}, c_t (rows, H) written at {@code cNext}
     */
    public static void lstmCell(int rows, int h, float[] g, int gOff, float[] cs, int cPrev, int cNext) {
        check(g, gOff, rows * 4 * h);
        check(cs, cPrev, rows * h);
        check(cs, cNext, rows * h);
        if (VECTOR) {
            VectorGateKernels.lstmCell(rows, h, g, gOff, cs, cPrev, cNext);
        } else {
            lstmCellScalar(rows, h, g, gOff, cs, cPrev, cNext);
        }
    }

    static void lstmCellScalar(int rows, int h, float[] g, int gOff, float[] cs, int cPrev, int cNext) {
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * 4 * h;
            int sr = r * h;
            for (int j = 0; j < h; j++) {
                float gate = 2f * g[gr + 2 * h + j] - 1f;
                g[gr + 2 * h + j] = gate;
                cs[cNext + sr + j] = g[gr + h + j] * cs[cPrev + sr + j] + g[gr + j] * gate;
            }
        }
    }

    /**
     * LSTM backward step: from dL/dh_t and dL/dc_t to the four gates' pre-activation gradients
     * and dL/dc_{t-1} (in place in {@code dc}).
     *
     * @param g  (rows, 4H) gate activations i | f | g | o
     * @param tc (rows, H) tanh(c_t)
     * @param cs c_{t-1} (rows, H) at {@code cPrev}
     * @param dh (rows, H) dL/dh_t
     * @param dc (rows, H) dL/dc_t on entry, dL/dc_{t-1} on exit
     * @param dg (rows, 4H) output: dL/d(pre-activations)
     */
    public static void lstmBackward(int rows, int h, float[] g, int gOff, float[] tc, int tcOff,
                                    float[] cs, int cPrev, float[] dh, int dhOff, float[] dc, int dcOff,
                                    float[] dg, int dgOff) {
        check(g, gOff, rows * 4 * h);
        check(tc, tcOff, rows * h);
        check(cs, cPrev, rows * h);
        check(dh, dhOff, rows * h);
        check(dc, dcOff, rows * h);
        check(dg, dgOff, rows * 4 * h);
        if (VECTOR) {
            VectorGateKernels.lstmBackward(rows, h, g, gOff, tc, tcOff, cs, cPrev, dh, dhOff, dc, dcOff, dg, dgOff);
        } else {
            lstmBackwardScalar(rows, h, g, gOff, tc, tcOff, cs, cPrev, dh, dhOff, dc, dcOff, dg, dgOff);
        }
    }

    static void lstmBackwardScalar(int rows, int h, float[] g, int gOff, float[] tc, int tcOff,
                                   float[] cs, int cPrev, float[] dh, int dhOff, float[] dc, int dcOff,
                                   float[] dg, int dgOff) {
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * 4 * h;
            int dr = dgOff + r * 4 * h;
            for (int j = 0; j < h; j++) {
                float i = g[gr + j];
                float f = g[gr + h + j];
                float gg = g[gr + 2 * h + j];
                float o = g[gr + 3 * h + j];
                float t = tc[tcOff + r * h + j];
                float dhj = dh[dhOff + r * h + j];
                float dcj = dc[dcOff + r * h + j] + dhj * o * (1f - t * t);
                dg[dr + j] = dcj * gg * i * (1f - i);
                dg[dr + h + j] = dcj * cs[cPrev + r * h + j] * f * (1f - f);
                dg[dr + 2 * h + j] = dcj * i * (1f - gg * gg);
                dg[dr + 3 * h + j] = dhj * t * o * (1f - o);
                dc[dcOff + r * h + j] = dcj * f;
            }
        }
    }

    /**
     * The layer-normalised LSTM's first backward pass: dL/dy for y = γ ⊙ ĉ_t + β, where
     * h_t = o ⊙ tanh(y): dy = dh ⊙ o ⊙ (1 − tanh(y)²).
     *
     * @param g  (rows, 4H) gate activations i | f | g | o
     * @param tn (rows, H) tanh(y)
     * @param dh (rows, H) dL/dh_t
     * @param dy (rows, H) output
     */
    public static void lstmNormOutputGrad(int rows, int h, float[] g, int gOff, float[] tn, int tnOff,
                                          float[] dh, int dhOff, float[] dy, int dyOff) {
        check(g, gOff, rows * 4 * h);
        check(tn, tnOff, rows * h);
        check(dh, dhOff, rows * h);
        check(dy, dyOff, rows * h);
        if (VECTOR) {
            VectorGateKernels.lstmNormOutputGrad(rows, h, g, gOff, tn, tnOff, dh, dhOff, dy, dyOff);
        } else {
            lstmNormOutputGradScalar(rows, h, g, gOff, tn, tnOff, dh, dhOff, dy, dyOff);
        }
    }

    static void lstmNormOutputGradScalar(int rows, int h, float[] g, int gOff, float[] tn, int tnOff,
                                         float[] dh, int dhOff, float[] dy, int dyOff) {
        for (int r = 0; r < rows; r++) {
            int o = gOff + r * 4 * h + 3 * h;
            for (int j = 0; j < h; j++) {
                float t = tn[tnOff + r * h + j];
                dy[dyOff + r * h + j] = dh[dhOff + r * h + j] * g[o + j] * (1f - t * t);
            }
        }
    }

    /**
     * The layer-normalised LSTM's gate backward: {@link #lstmBackward}'s formulas with dL/dc_t
     * already complete in {@code dc} (the path through h_t's tanh went through the norm first).
     *
     * @param g  (rows, 4H) gate activations i | f | g | o
     * @param tn (rows, H) tanh(γ ⊙ ĉ_t + β)
     * @param cs c_{t-1} (rows, H) at {@code cPrev}
     * @param dh (rows, H) dL/dh_t
     * @param dc (rows, H) dL/dc_t on entry, dL/dc_{t-1} on exit
     * @param dg (rows, 4H) output: dL/d(pre-activations)
     */
    public static void lstmNormGatesBackward(int rows, int h, float[] g, int gOff, float[] tn, int tnOff,
                                             float[] cs, int cPrev, float[] dh, int dhOff, float[] dc, int dcOff,
                                             float[] dg, int dgOff) {
        check(g, gOff, rows * 4 * h);
        check(tn, tnOff, rows * h);
        check(cs, cPrev, rows * h);
        check(dh, dhOff, rows * h);
        check(dc, dcOff, rows * h);
        check(dg, dgOff, rows * 4 * h);
        if (VECTOR) {
            VectorGateKernels.lstmNormGatesBackward(rows, h, g, gOff, tn, tnOff, cs, cPrev, dh, dhOff, dc, dcOff, dg, dgOff);
        } else {
            lstmNormGatesBackwardScalar(rows, h, g, gOff, tn, tnOff, cs, cPrev, dh, dhOff, dc, dcOff, dg, dgOff);
        }
    }

    static void lstmNormGatesBackwardScalar(int rows, int h, float[] g, int gOff, float[] tn, int tnOff,
                                            float[] cs, int cPrev, float[] dh, int dhOff, float[] dc, int dcOff,
                                            float[] dg, int dgOff) {
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * 4 * h;
            int dr = dgOff + r * 4 * h;
            for (int j = 0; j < h; j++) {
                float i = g[gr + j];
                float f = g[gr + h + j];
                float gg = g[gr + 2 * h + j];
                float o = g[gr + 3 * h + j];
                float dcj = dc[dcOff + r * h + j];
                dg[dr + j] = dcj * gg * i * (1f - i);
                dg[dr + h + j] = dcj * cs[cPrev + r * h + j] * f * (1f - f);
                dg[dr + 2 * h + j] = dcj * i * (1f - gg * gg);
                dg[dr + 3 * h + j] = dh[dhOff + r * h + j] * tn[tnOff + r * h + j] * o * (1f - o);
                dc[dcOff + r * h + j] = dcj * f;
            }
        }
    }

    /**
     * GRU backward step: from dL/dh_t to the input and recurrent pre-activation gradients and the
     * part of dL/dh_{t-1} that does not pass through W_hh.
     *
     * @param g     (rows, 3H) gate activations r | z | n
     * @param rec   (rows, 3H) recurrent pre-activations h_{t-1}·W_hhᵀ + b_hh
     * @param hPrev (rows, H) h_{t-1}
     * @param dh    (rows, H) dL/dh_t
     * @param dg    (rows, 3H) output: dL/d(input pre-activations)
     * @param dRec  (rows, 3H) output: dL/d(recurrent pre-activations)
     * @param dhPrev (rows, H) output: dL/dh_{t-1}, the direct part (z ⊙ dh)
     */
    public static void gruBackward(int rows, int h, float[] g, int gOff, float[] rec, int recOff,
                                   float[] hPrev, int hPrevOff, float[] dh, int dhOff,
                                   float[] dg, int dgOff, float[] dRec, int dRecOff,
                                   float[] dhPrev, int dhPrevOff) {
        check(g, gOff, rows * 3 * h);
        check(rec, recOff, rows * 3 * h);
        check(hPrev, hPrevOff, rows * h);
        check(dh, dhOff, rows * h);
        check(dg, dgOff, rows * 3 * h);
        check(dRec, dRecOff, rows * 3 * h);
        check(dhPrev, dhPrevOff, rows * h);
        if (VECTOR) {
            VectorGateKernels.gruBackward(rows, h, g, gOff, rec, recOff, hPrev, hPrevOff, dh, dhOff,
                    dg, dgOff, dRec, dRecOff, dhPrev, dhPrevOff);
        } else {
            gruBackwardScalar(rows, h, g, gOff, rec, recOff, hPrev, hPrevOff, dh, dhOff,
                    dg, dgOff, dRec, dRecOff, dhPrev, dhPrevOff);
        }
    }

    static void gruBackwardScalar(int rows, int h, float[] g, int gOff, float[] rec, int recOff,
                                  float[] hPrev, int hPrevOff, float[] dh, int dhOff,
                                  float[] dg, int dgOff, float[] dRec, int dRecOff,
                                  float[] dhPrev, int dhPrevOff) {
        for (int row = 0; row < rows; row++) {
            int gr = gOff + row * 3 * h;
            int rr = recOff + row * 3 * h;
            int dr = dgOff + row * 3 * h;
            int dq = dRecOff + row * 3 * h;
            for (int j = 0; j < h; j++) {
                float r = g[gr + j];
                float z = g[gr + h + j];
                float nn = g[gr + 2 * h + j];
                float dhj = dh[dhOff + row * h + j];
                float hp = hPrev[hPrevOff + row * h + j];
                float dnPre = dhj * (1f - z) * (1f - nn * nn);
                float drPre = dnPre * rec[rr + 2 * h + j] * r * (1f - r);
                float dzPre = dhj * (hp - nn) * z * (1f - z);
                dg[dr + j] = drPre;
                dg[dr + h + j] = dzPre;
                dg[dr + 2 * h + j] = dnPre;
                dRec[dq + j] = drPre;
                dRec[dq + h + j] = dzPre;
                dRec[dq + 2 * h + j] = dnPre * r;
                dhPrev[dhPrevOff + row * h + j] = dhj * z;
            }
        }
    }

    private static void check(float[] a, int off, int len) {
        if (off < 0 || len < 0 || off > a.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + ((long) off + len)
                    + ") outside an array of " + a.length);
        }
    }
}
