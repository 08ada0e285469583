package dev.rnn.backend.kernels;

/**
 * {@link MatMul} on the JDK's incubating Vector API ({@code jdk.incubator.vector}: run with
 * {@code --add-modules jdk.incubator.vector}; {@link dev.rnn.backend.Backends#best} picks it only when that module
 * is present). Register-blocked fma kernels, optionally split over a small pool of threads.
 *
 * <p>Same bits for any thread count: each part of a split owns a fixed block of output elements,
 * and each element is summed in the same order whoever computes it. For {@link #mult},
 * {@link #multTransA}, {@link #multPacked}, and {@link #multTransB} with at least
 * {@value #TRANSPOSE_B_MIN_ROWS} rows in A, every element is the fma chain
 * {@code acc = fma(A(i,p), B(p,j), acc)} over p = 0 .. k-1 starting from C or 0, exactly what a
 * scalar {@link Math#fma} loop gives. {@code multTransB}
 * with 4 to {@value #TRANSPOSE_B_MIN_ROWS}-1 rows (the recurrent product) computes the chain from
 * 0 and then adds C; with 1 to 3 rows (sampling), and for the last 1 to 3 rows past whole vectors
 * (rows 48 and 49 of 50), it sums per-lane partial dot products with a fixed tree.
 *
 * <p>Thread safety: any threads may call at once; each caller has its own product record and each
 * thread its own scratch buffers. Nothing is allocated per call once the buffers have grown to
 * the largest product seen.
 */
public final class VectorMatMul extends PooledMatMul<VectorMatMul.VectorProduct> {

    /** A·Bᵀ with at least this many rows in A transposes B; fewer rows transpose A instead. */
    static final int TRANSPOSE_B_MIN_ROWS = 320;

    private static final int MULT = 0;
    private static final int TRANS_A = 1;
    private static final int TRANS_B_DOT = 2;   // 1 to 3 rows of A: dot products
    private static final int TRANS_B_AT = 3;    // Cᵀ = B · Aᵀ with Aᵀ packed once
    private static final int TRANS_B_BT = 4;    // each part packs its slice of Bᵀ
    private static final int PACKED = 5;        // B in column panels (pack)

    /**
     * Columns per panel of a packed B: one register tile's width. {@link #pack} stores B (k, n) as
     * panels of PANEL columns, each (k, PANEL) contiguous (the last one (k, n mod PANEL)), so a
     * tile streams B sequentially instead of one short run per row 4n bytes apart (measured
     * 15-40 % faster for the recurrent products, N=50 and H=128..512, JDK 17).
     */
    static final int PANEL = 4 * Lanes.L;

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new); // one per thread

    /** An instance that splits large products over {@code threads} threads (the caller included). */
    public VectorMatMul(int threads) {
        this(threads, PARALLEL_MIN_FLOPS);
    }

    /** As {@link #VectorMatMul(int)}, splitting every product of at least {@code parallelMinFlops}. */
    VectorMatMul(int threads, long parallelMinFlops) {
        super(threads, parallelMinFlops, "rnn-matmul", VectorProduct::new);
        if (Lanes.L < 4) {
            throw new UnsupportedOperationException("the preferred float vector has "
                    + Lanes.L + " lanes; the kernels need at least 4");
        }
    }

    /** Compiles the micro-kernels from one complete profile, the same in every JVM ({@link TileWarmUp}). */
    @Override
    public void warmUp() {
        TileWarmUp.once();
    }

    /** Float lanes per vector on this JVM (16 with AVX-512). */
    public static int lanes() {
        return Lanes.L;
    }

    @Override
    public void mult(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate) {
        Product.check("mult", m, k, n, a, aOff, b, bOff, c, cOff);
        runGemm(MULT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate);
    }

    @Override
    public void multTransA(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        Product.check("multTransA", m, k, n, a, aOff, b, bOff, c, cOff);
        runGemm(TRANS_A, m, k, n, a, aOff, b, bOff, c, cOff, accumulate);
    }

    /**
     * Splits the larger of C's dimensions; with few rows (the recurrent dh product) that is C's
     * columns, so each thread streams only its half of B.
     */
    private void runGemm(int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                         float[] c, int cOff, boolean accumulate) {
        boolean byRows = m > n;
        run(op, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, byRows, byRows ? 4 : Lanes.L);
    }

    @Override
    public void multTransB(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        Product.check("multTransB", m, k, n, a, aOff, b, bOff, c, cOff);
        if (m < 4) {
            run(TRANS_B_DOT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, false, 4);
        } else if (m < TRANSPOSE_B_MIN_ROWS) {
            // rows [0, ma) through Cᵀ = B · Aᵀ with (k, mp) = Aᵀ padded with zero columns to whole
            // vectors (shared by all parts); a remainder of 1 to 3 rows past whole vectors goes
            // through dotRows instead of padding a whole vector (50 = 3 vectors + 2 rows)
            int ma = transposedRows(m);
            int mp = (ma + Lanes.L - 1) / Lanes.L * Lanes.L;
            VectorProduct product = product();
            float[] at = product.at(k * mp);
            Transposes.transpose(a, aOff, ma, k, at, mp);
            for (int p = 0; p < k; p++) {
                java.util.Arrays.fill(at, p * mp + ma, p * mp + mp, 0f);
            }
            product.ma = ma;
            product.mp = mp;
            run(TRANS_B_AT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, false, 4);
        } else {
            // split C's rows when it has more rows than columns (each part then transposes all of B)
            boolean byRows = m > n;
            run(TRANS_B_BT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, byRows, byRows ? 4 : Lanes.L);
        }
    }

    @Override
    public void pack(int k, int n, float[] b, int bOff, boolean transposed, float[] dst) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("pack: negative shape k=" + k + " n=" + n);
        }
        long size = (long) k * n;
        Product.range("pack", "B", b, bOff, size, 0, k, n);
        Product.range("pack", "the packed B", dst, 0, size, 0, k, n);
        for (int j = 0; j < n; j += PANEL) {
            int w = Math.min(PANEL, n - j);
            int off = j * k; // the panels before this one hold j columns of k rows
            if (transposed) {
                Transposes.transpose(b, bOff + j * k, w, k, dst, off, w); // rows [j, j+w) of Bᵀ
            } else {
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bOff + p * n + j, dst, off + p * w, w);
                }
            }
        }
    }

    @Override
    public void multPacked(int m, int k, int n, float[] a, int aOff, float[] packed,
                           float[] c, int cOff, boolean accumulate) {
        Product.check("multPacked", m, k, n, a, aOff, packed, 0, c, cOff);
        run(PACKED, m, k, n, a, aOff, packed, 0, c, cOff, accumulate, false, PANEL);
    }

    /**
     * For A·Bᵀ with 4 <= m < {@link #TRANSPOSE_B_MIN_ROWS}: the rows [0, result) that go through
     * Cᵀ = B · Aᵀ; the rest (at most 3, only past whole vectors) go through dot products.
     */
    static int transposedRows(int m) {
        int whole = m / Lanes.L * Lanes.L;
        return whole > 0 && m - whole <= 3 ? whole : m;
    }

    @Override
    public String name() {
        return threads == 1 ? "vector" : "vector x" + threads;
    }

    /** A product on the vector kernels; {@code at} is the caller's Aᵀ for TRANS_B_AT, shared by its parts. */
    static final class VectorProduct extends Product {
        int ma;
        int mp;
        private float[] at = new float[0]; // (k, mp) Aᵀ, zero-padded

        float[] at(int size) {
            if (at.length < size) {
                at = new float[size];
            }
            return at;
        }

        @Override
        void compute(int part, int i0, int i1, int j0, int j1) {
            Scratch s = SCRATCH.get();
            switch (op) {
                case MULT:
                    VectorGemm.gemm(i0, i1, j0, j1, k, a, aOff, k, 1, b, bOff, n, c, cOff, n, accumulate, s);
                    break;
                case TRANS_A:
                    VectorGemm.gemm(i0, i1, j0, j1, k, a, aOff, 1, m, b, bOff, n, c, cOff, n, accumulate, s);
                    break;
                case TRANS_B_DOT:
                    DotRows.dotRows(m, j0, j1, k, a, aOff, b, bOff, c, cOff, n, accumulate, s);
                    break;
                case TRANS_B_AT:
                    VectorGemm.gemmTransposedOutput(ma, mp, j0, j1, k, at, b, bOff, c, cOff, n, accumulate, s);
                    if (ma < m) {
                        DotRows.dotRows(m - ma, j0, j1, k, a, aOff + ma * k, b, bOff, c, cOff + ma * n, n,
                                accumulate, s);
                    }
                    break;
                case TRANS_B_BT: {
                    int w = j1 - j0;
                    float[] bt = s.bt(k * w); // (k, w) = B[j0, j1)ᵀ
                    Transposes.transpose(b, bOff + j0 * k, w, k, bt, w);
                    VectorGemm.gemm(i0, i1, 0, w, k, a, aOff, k, 1, bt, 0, w, c, cOff + j0, n, accumulate, s);
                    break;
                }
                case PACKED:
                    for (int j = j0; j < j1; j += PANEL) {
                        int w = Math.min(PANEL, n - j);
                        if (w == PANEL) {
                            VectorGemm.gemmPanel(i0, i1, k, a, aOff, k, b, bOff + j * k,
                                    c, cOff + j, n, accumulate, s);
                        } else {
                            VectorGemm.gemm(i0, i1, 0, w, k, a, aOff, k, 1, b, bOff + j * k, w,
                                    c, cOff + j, n, accumulate, s);
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException("op " + op);
            }
        }
    }

}
