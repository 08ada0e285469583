package dev.rnn.backend.kernels;

/**
 * {@link MatMul} in plain Java, for JVMs started without the Vector API module: row-wise
 * {@code c[j] = fma(a, b[j], c[j])} loops that C2 auto-vectorises (~20 GFLOP/s on one core),
 * optionally split over a small pool of threads like {@link VectorMatMul}.
 *
 * <p>C2 vectorises such a loop only when no array is indexed at an offset (it cannot align two
 * references with unknown offsets), so each part copies its slice of op(B) into one zero-based
 * array per row and works on a zero-based copy of each C row (or, for short rows of C, the other
 * way round: columns of A and of C). Every element is the fma chain over
 * p = 0 .. k-1 from C (or 0): the same bits as {@link VectorMatMul#mult} and
 * {@link VectorMatMul#multTransA}, for any thread count. Products with fewer than
 * {@value #PACK_MIN_ROWS} rows skip the copies and run scalar (a GEMV reads op(B) once anyway).
 *
 * <p>Calls on one instance are serialised; nothing is allocated per call once the buffers have grown.
 */
public final class PlainMatMul extends PooledMatMul<PlainMatMul.PlainProduct> {
    /** C rows shorter than this (in a part) are computed column by column when there are many rows. */
    static final int SHORT_ROW = 128;
    /** Fewer rows than this: no packing, scalar fma chains (the packing would cost as much as the product). */
    static final int PACK_MIN_ROWS = 4;
    private static final int MULT = 0;
    private static final int TRANS_A = 1;
    private static final int TRANS_B = 2;

    private static final ThreadLocal<Part> BUFFERS = ThreadLocal.withInitial(Part::new); // one per thread

    /** An instance that splits large products over {@code threads} threads (the caller included). */
    public PlainMatMul(int threads) {
        this(threads, PARALLEL_MIN_FLOPS);
    }

    /** As {@link #PlainMatMul(int)}, splitting every product of at least {@code parallelMinFlops}. */
    PlainMatMul(int threads, long parallelMinFlops) {
        super(threads, parallelMinFlops, "rnn-plain-matmul", PlainProduct::new);
    }

    @Override
    public void mult(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate) {
        Product.check("mult", m, k, n, a, aOff, b, bOff, c, cOff);
        run(MULT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void multTransA(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        Product.check("multTransA", m, k, n, a, aOff, b, bOff, c, cOff);
        run(TRANS_A, m, k, n, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void multTransB(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        Product.check("multTransB", m, k, n, a, aOff, b, bOff, c, cOff);
        run(TRANS_B, m, k, n, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public String name() {
        return threads == 1 ? "plain" : "plain x" + threads;
    }

    private void run(int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate) {
        // rows whenever there are enough: a part's cost is mostly its count of saxpy calls
        boolean byRows = m >= 8 * threads || m > n;
        run(op, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, byRows, byRows ? 4 : 16);
    }

    /** A part's buffers: op(B) rows [p][0, w) and one C row. */
    private static final class Part {
        float[][] rows = new float[0][];
        float[] crow = new float[0];

        float[][] rows(int k, int w) {
            if (rows.length < k || (k > 0 && rows[0].length < w)) {
                int width = Math.max(w, rows.length > 0 ? rows[0].length : 0);
                float[][] r = new float[Math.max(k, rows.length)][];
                for (int p = 0; p < r.length; p++) {
                    r[p] = new float[width];
                }
                rows = r;
            }
            if (crow.length < w) {
                crow = new float[w];
            }
            return rows;
        }
    }

    static final class PlainProduct extends Product {

        @Override
        void compute(int part, int i0, int i1, int j0, int j1) {
            // A(i, p) = a[aOff + i*ars + p*acs]
            int ars = op == TRANS_A ? 1 : k;
            int acs = op == TRANS_A ? m : 1;
            if (m < PACK_MIN_ROWS) {
                scalar(i0, i1, j0, j1, ars, acs);
            } else if (j1 - j0 < SHORT_ROW && i1 - i0 >= 2 * (j1 - j0)) {
                packedTransposed(BUFFERS.get(), i0, i1, j0, j1, ars, acs);
            } else {
                packed(BUFFERS.get(), i0, i1, j0, j1, ars, acs);
            }
        }

        /**
         * As {@link #packed}, with the roles swapped for short, many rows of C (the decoder's 65
         * columns): columns of A packed into zero-based rows, saxpy along a column of C.
         */
        private void packedTransposed(Part part, int i0, int i1, int j0, int j1, int ars, int acs) {
            int h = i1 - i0;
            float[][] rows = part.rows(k, h); // rows[p][ii] = A(i0 + ii, p)
            for (int p = 0; p < k; p++) {
                float[] r = rows[p];
                if (ars == 1) {
                    System.arraycopy(a, aOff + i0 + p * acs, r, 0, h);
                } else {
                    for (int ii = 0, ai = aOff + i0 * ars + p * acs; ii < h; ii++, ai += ars) {
                        r[ii] = a[ai];
                    }
                }
            }
            // B(p, j) = b[bOff + p*bps + j*bjs]
            int bps = op == TRANS_B ? 1 : n;
            int bjs = op == TRANS_B ? k : 1;
            int kc = Math.max(16, Math.min(k, (128 * 1024) / h));
            float[] col = part.crow;
            for (int p0 = 0; p0 < Math.max(k, 1); p0 += kc) {
                int p1 = Math.min(k, p0 + kc);
                for (int j = j0; j < j1; j++) {
                    int cj = cOff + i0 * n + j;
                    if (accumulate || p0 > 0) {
                        for (int ii = 0, ci = cj; ii < h; ii++, ci += n) {
                            col[ii] = c[ci];
                        }
                    } else {
                        java.util.Arrays.fill(col, 0, h, 0f);
                    }
                    for (int p = p0, bi = bOff + p0 * bps + j * bjs; p < p1; p++, bi += bps) {
                        saxpy(b[bi], rows[p], col, h);
                    }
                    for (int ii = 0, ci = cj; ii < h; ii++, ci += n) {
                        c[ci] = col[ii];
                    }
                }
            }
        }

        /**
         * The fma chains straight from the arrays: B(p, j) read in place, no vectorisation; for
         * A·Bᵀ four chains at a time (four rows of B), which the CPU overlaps.
         */
        private void scalar(int i0, int i1, int j0, int j1, int ars, int acs) {
            for (int i = i0; i < i1; i++) {
                int ci = cOff + i * n;
                int j = j0;
                if (op == TRANS_B) {
                    for (; j + 4 <= j1; j += 4) {
                        float s0 = accumulate ? c[ci + j] : 0f;
                        float s1 = accumulate ? c[ci + j + 1] : 0f;
                        float s2 = accumulate ? c[ci + j + 2] : 0f;
                        float s3 = accumulate ? c[ci + j + 3] : 0f;
                        int b0 = bOff + j * k;
                        int ai = aOff + i * ars;
                        for (int p = 0; p < k; p++, ai += acs) {
                            float av = a[ai];
                            s0 = Math.fma(av, b[b0 + p], s0);
                            s1 = Math.fma(av, b[b0 + k + p], s1);
                            s2 = Math.fma(av, b[b0 + 2 * k + p], s2);
                            s3 = Math.fma(av, b[b0 + 3 * k + p], s3);
                        }
                        c[ci + j] = s0;
                        c[ci + j + 1] = s1;
                        c[ci + j + 2] = s2;
                        c[ci + j + 3] = s3;
                    }
                }
                for (; j < j1; j++) {
                    float s = accumulate ? c[ci + j] : 0f;
                    int ai = aOff + i * ars;
                    if (op == TRANS_B) {
                        int bj = bOff + j * k;
                        for (int p = 0; p < k; p++, ai += acs) {
                            s = Math.fma(a[ai], b[bj + p], s);
                        }
                    } else {
                        for (int p = 0, bp = bOff + j; p < k; p++, ai += acs, bp += n) {
                            s = Math.fma(a[ai], b[bp], s);
                        }
                    }
                    c[ci + j] = s;
                }
            }
        }

        /** op(B)[:, j0, j1) packed into zero-based rows, then saxpy on a zero-based copy of each C row. */
        private void packed(Part part, int i0, int i1, int j0, int j1, int ars, int acs) {
            int w = j1 - j0;
            float[][] rows = part.rows(k, w);
            for (int p = 0; p < k; p++) {
                float[] r = rows[p];
                if (op == TRANS_B) {
                    for (int j = 0, bj = bOff + j0 * k + p; j < w; j++, bj += k) {
                        r[j] = b[bj];
                    }
                } else {
                    System.arraycopy(b, bOff + p * n + j0, r, 0, w);
                }
            }
            // passes over k short enough that their rows of op(B) stay in L2 (128K floats)
            int kc = Math.max(16, Math.min(k, (128 * 1024) / w));
            float[] crow = part.crow;
            for (int p0 = 0; p0 < Math.max(k, 1); p0 += kc) {
                int p1 = Math.min(k, p0 + kc);
                for (int i = i0; i < i1; i++) {
                    int ci = cOff + i * n + j0;
                    if (accumulate || p0 > 0) {
                        System.arraycopy(c, ci, crow, 0, w);
                    } else {
                        java.util.Arrays.fill(crow, 0, w, 0f);
                    }
                    for (int p = p0, ai = aOff + i * ars + p0 * acs; p < p1; p++, ai += acs) {
                        saxpy(a[ai], rows[p], crow, w);
                    }
                    System.arraycopy(crow, 0, c, ci, w);
                }
            }
        }
    }

    /** y[j] = fma(alpha, x[j], y[j]) for j < w: zero-based, so C2 vectorises it. */
    private static void saxpy(float alpha, float[] x, float[] y, int w) {
        for (int j = 0; j < w; j++) {
            y[j] = Math.fma(alpha, x[j], y[j]);
        }
    }
}
