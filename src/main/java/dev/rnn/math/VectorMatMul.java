package dev.rnn.math;

/**
 * {@link MatMul} on the JDK's incubating Vector API ({@code jdk.incubator.vector}: run with
 * {@code --add-modules jdk.incubator.vector}; {@link MatMuls#best} picks it only when that module
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
 * <p>Thread safety: calls on one instance are serialised (it owns its scratch buffers). Nothing is
 * allocated per call once the buffers have grown to the largest product seen.
 */
public final class VectorMatMul implements MatMul, AutoCloseable {

    /**
     * Products below this many flops (2mkn, ~3 µs of work) run on the calling thread alone; a
     * hand-off to a spinning worker costs ~0.5 µs (measured, JDK 17).
     */
    static final long PARALLEL_MIN_FLOPS = 250_000;
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
    static final int PANEL = 4 * VectorKernels.L;

    private final int threads;
    private final long parallelMinFlops;
    private final Workers workers; // null with one thread
    private final Parallel parallel;
    private final VectorKernels.Scratch[] scratch; // one per part
    private final Product product = new Product();
    private float[] at = new float[0]; // (k, mp) Aᵀ, zero-padded, for TRANS_B_AT

    /** A single-threaded instance. */
    public VectorMatMul() {
        this(1);
    }

    /** An instance that splits large products over {@code threads} threads (the caller included). */
    public VectorMatMul(int threads) {
        this(threads, PARALLEL_MIN_FLOPS);
    }

    /** As {@link #VectorMatMul(int)}, splitting every product of at least {@code parallelMinFlops}. */
    VectorMatMul(int threads, long parallelMinFlops) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        if (VectorKernels.L < 4) {
            throw new UnsupportedOperationException("the preferred float vector has "
                    + VectorKernels.L + " lanes; the kernels need at least 4");
        }
        this.threads = threads;
        this.parallelMinFlops = parallelMinFlops;
        this.workers = threads > 1 ? new Workers(threads - 1, "rnn-matmul") : null;
        this.parallel = workers == null ? Parallel.SERIAL : new PoolParallel(workers, threads);
        this.scratch = new VectorKernels.Scratch[threads];
        for (int t = 0; t < threads; t++) {
            scratch[t] = new VectorKernels.Scratch();
        }
    }

    /** Number of threads a product may use, the caller included. */
    public int threads() {
        return threads;
    }

    /** Float lanes per vector on this JVM (16 with AVX-512). */
    public static int lanes() {
        return VectorKernels.L;
    }

    @Override
    public synchronized void mult(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                                  float[] c, int cOff, boolean accumulate) {
        check("mult", m, k, n, a, aOff, b, bOff, c, cOff);
        // split the larger of C's dimensions; with few rows (the recurrent dh product) that is
        // C's columns, so each thread streams only its half of B
        boolean byRows = m > n;
        run(MULT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, byRows, byRows ? 4 : VectorKernels.L);
    }

    @Override
    public synchronized void multTransA(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                                        float[] c, int cOff, boolean accumulate) {
        check("multTransA", m, k, n, a, aOff, b, bOff, c, cOff);
        boolean byRows = m > n;
        run(TRANS_A, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, byRows, byRows ? 4 : VectorKernels.L);
    }

    @Override
    public synchronized void multTransB(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                                        float[] c, int cOff, boolean accumulate) {
        check("multTransB", m, k, n, a, aOff, b, bOff, c, cOff);
        if (m < 4) {
            run(TRANS_B_DOT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, false, 4);
        } else if (m < TRANSPOSE_B_MIN_ROWS) {
            // rows [0, ma) through Cᵀ = B · Aᵀ with (k, mp) = Aᵀ padded with zero columns to whole
            // vectors (shared by all parts); a remainder of 1 to 3 rows past whole vectors goes
            // through dotRows instead of padding a whole vector (50 = 3 vectors + 2 rows)
            int ma = transposedRows(m);
            int mp = (ma + VectorKernels.L - 1) / VectorKernels.L * VectorKernels.L;
            if (at.length < k * mp) {
                at = new float[k * mp];
            }
            VectorKernels.transpose(a, aOff, ma, k, at, mp);
            for (int p = 0; p < k; p++) {
                java.util.Arrays.fill(at, p * mp + ma, p * mp + mp, 0f);
            }
            product.ma = ma;
            product.mp = mp;
            run(TRANS_B_AT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, false, 4);
        } else {
            // split C's rows when it has more rows than columns (each part then transposes all of B)
            boolean byRows = m > n;
            run(TRANS_B_BT, m, k, n, a, aOff, b, bOff, c, cOff, accumulate, byRows, byRows ? 4 : VectorKernels.L);
        }
    }

    @Override
    public void pack(int k, int n, float[] b, int bOff, boolean transposed, float[] dst) {
        if (k < 0 || n < 0) {
            throw new IllegalArgumentException("pack: negative shape k=" + k + " n=" + n);
        }
        long size = (long) k * n;
        range("pack", "B", b, bOff, size, 0, k, n);
        range("pack", "the packed B", dst, 0, size, 0, k, n);
        for (int j = 0; j < n; j += PANEL) {
            int w = Math.min(PANEL, n - j);
            int off = j * k; // the panels before this one hold j columns of k rows
            if (transposed) {
                VectorKernels.transpose(b, bOff + j * k, w, k, dst, off, w); // rows [j, j+w) of Bᵀ
            } else {
                for (int p = 0; p < k; p++) {
                    System.arraycopy(b, bOff + p * n + j, dst, off + p * w, w);
                }
            }
        }
    }

    @Override
    public synchronized void multPacked(int m, int k, int n, float[] a, int aOff, float[] packed,
                                        float[] c, int cOff, boolean accumulate) {
        check("multPacked", m, k, n, a, aOff, packed, 0, c, cOff);
        run(PACKED, m, k, n, a, aOff, packed, 0, c, cOff, accumulate, false, PANEL);
    }

    /**
     * For A·Bᵀ with 4 <= m < {@link #TRANSPOSE_B_MIN_ROWS}: the rows [0, result) that go through
     * Cᵀ = B · Aᵀ; the rest (at most 3, only past whole vectors) go through dot products.
     */
    static int transposedRows(int m) {
        int whole = m / VectorKernels.L * VectorKernels.L;
        return whole > 0 && m - whole <= 3 ? whole : m;
    }

    @Override
    public Parallel parallel() {
        return parallel;
    }

    @Override
    public String name() {
        return threads == 1 ? "vector" : "vector x" + threads;
    }

    /** Stops the worker threads (they are daemons, so this is optional at exit). */
    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }

    private void run(int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate, boolean byRows, int unit) {
        if (m == 0 || n == 0) {
            return;
        }
        Product p = product;
        p.op = op;
        p.m = m;
        p.k = k;
        p.n = n;
        p.a = a;
        p.aOff = aOff;
        p.b = b;
        p.bOff = bOff;
        p.c = c;
        p.cOff = cOff;
        p.accumulate = accumulate;
        p.byRows = byRows;
        p.unit = unit;
        int blocks = ((byRows ? m : n) + unit - 1) / unit;
        double flops = 2.0 * m * k * n;
        int parts = workers == null || flops < parallelMinFlops ? 1 : Math.min(threads, blocks);
        p.parts = parts;
        try {
            if (parts == 1) {
                p.run(0);
            } else {
                workers.run(p, parts);
            }
        } finally {
            p.a = null; // do not keep the caller's arrays alive
            p.b = null;
            p.c = null;
        }
    }

    /** The product being computed, split into {@code parts} fixed blocks of C. */
    private final class Product implements Workers.Job {
        int op;
        int m;
        int k;
        int n;
        float[] a;
        int aOff;
        float[] b;
        int bOff;
        float[] c;
        int cOff;
        boolean accumulate;
        boolean byRows;
        int unit;
        int parts;
        int ma;
        int mp;

        @Override
        public void run(int part) {
            int extent = byRows ? m : n;
            int blocks = (extent + unit - 1) / unit;
            int lo = (int) ((long) part * blocks / parts) * unit;
            int hi = Math.min(extent, (int) ((long) (part + 1) * blocks / parts) * unit);
            if (lo >= hi) {
                return;
            }
            VectorKernels.Scratch s = scratch[part];
            int i0 = byRows ? lo : 0;
            int i1 = byRows ? hi : m;
            int j0 = byRows ? 0 : lo;
            int j1 = byRows ? n : hi;
            switch (op) {
                case MULT:
                    VectorKernels.gemm(i0, i1, j0, j1, k, a, aOff, k, 1, b, bOff, n, c, cOff, n, accumulate, s);
                    break;
                case TRANS_A:
                    VectorKernels.gemm(i0, i1, j0, j1, k, a, aOff, 1, m, b, bOff, n, c, cOff, n, accumulate, s);
                    break;
                case TRANS_B_DOT:
                    VectorKernels.dotRows(m, j0, j1, k, a, aOff, b, bOff, c, cOff, n, accumulate, s);
                    break;
                case TRANS_B_AT:
                    VectorKernels.gemmTransposedOutput(ma, mp, j0, j1, k, at, b, bOff, c, cOff, n, accumulate, s);
                    if (ma < m) {
                        VectorKernels.dotRows(m - ma, j0, j1, k, a, aOff + ma * k, b, bOff, c, cOff + ma * n, n,
                                accumulate, s);
                    }
                    break;
                case TRANS_B_BT: {
                    int w = j1 - j0;
                    float[] bt = s.bt(k * w); // (k, w) = B[j0, j1)ᵀ
                    VectorKernels.transpose(b, bOff + j0 * k, w, k, bt, w);
                    VectorKernels.gemm(i0, i1, 0, w, k, a, aOff, k, 1, bt, 0, w, c, cOff + j0, n, accumulate, s);
                    break;
                }
                case PACKED:
                    for (int j = j0; j < j1; j += PANEL) {
                        int w = Math.min(PANEL, n - j);
                        if (w == PANEL) {
                            VectorKernels.gemmPanel(i0, i1, k, a, aOff, k, b, bOff + j * k,
                                    c, cOff + j, n, accumulate, s);
                        } else {
                            VectorKernels.gemm(i0, i1, 0, w, k, a, aOff, k, 1, b, bOff + j * k, w,
                                    c, cOff + j, n, accumulate, s);
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException("op " + op);
            }
        }
    }

    private static void check(String op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                              float[] c, int cOff) {
        if (m < 0 || k < 0 || n < 0) {
            throw new IllegalArgumentException(op + ": negative shape m=" + m + " k=" + k + " n=" + n);
        }
        long sa = (long) m * k;
        long sb = (long) k * n;
        long sc = (long) m * n;
        range(op, "A", a, aOff, sa, m, k, n);
        range(op, "B", b, bOff, sb, m, k, n);
        range(op, "C", c, cOff, sc, m, k, n);
        if (sc > 0 && (overlaps(c, cOff, sc, a, aOff, sa) || overlaps(c, cOff, sc, b, bOff, sb))) {
            throw new IllegalArgumentException(op + ": C [" + cOff + ", " + (cOff + sc)
                    + ") overlaps an operand in the same array");
        }
    }

    private static void range(String op, String name, float[] x, int off, long size, int m, int k, int n) {
        if (off < 0 || off + size > x.length) {
            throw new IllegalArgumentException(op + " (m=" + m + ", k=" + k + ", n=" + n + "): " + name
                    + " needs " + size + " floats at offset " + off + " but the array has " + x.length);
        }
    }

    private static boolean overlaps(float[] c, int cOff, long sc, float[] x, int xOff, long sx) {
        return c == x && sx > 0 && cOff < xOff + sx && xOff < cOff + sc;
    }
}
