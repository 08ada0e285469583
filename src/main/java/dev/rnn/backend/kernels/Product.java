package dev.rnn.backend.kernels;

/**
 * One product C (m, n) (+)= op(A) · op(B) as the kernels see it, and its split into parts: whole
 * blocks of {@code unit} rows (byRows) or columns of C, part p taking blocks
 * [p*blocks/parts, (p+1)*blocks/parts). The split depends only on the shape and the part count,
 * and each element of C belongs to one part, so which thread runs a part never changes a bit.
 * Each calling thread fills its own instance; the kernel family says how to compute a part.
 */
abstract class Product implements Workers.Job {
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

    /** Computes C[i0, i1) x [j0, j1), part {@code part}'s block. */
    abstract void compute(int part, int i0, int i1, int j0, int j1);

    @Override
    public final void run(int part) {
        int extent = byRows ? m : n;
        int blocks = (extent + unit - 1) / unit;
        int lo = (int) ((long) part * blocks / parts) * unit;
        int hi = Math.min(extent, (int) ((long) (part + 1) * blocks / parts) * unit);
        if (lo < hi) {
            compute(part, byRows ? lo : 0, byRows ? hi : m, byRows ? 0 : lo, byRows ? n : hi);
        }
    }

    /** Sets the operands; {@link #split} then {@link Pool#run} run it. */
    final void set(int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                   boolean accumulate) {
        this.op = op;
        this.m = m;
        this.k = k;
        this.n = n;
        this.a = a;
        this.aOff = aOff;
        this.b = b;
        this.bOff = bOff;
        this.c = c;
        this.cOff = cOff;
        this.accumulate = accumulate;
    }

    /**
     * Splits by rows or columns in blocks of {@code unit}: one part below {@code minFlops}
     * (a hand-off costs more than it saves), else as many as threads and blocks allow.
     */
    final void split(boolean byRows, int unit, int threads, long minFlops) {
        this.byRows = byRows;
        this.unit = unit;
        int blocks = ((byRows ? m : n) + unit - 1) / unit;
        this.parts = threads == 1 || 2.0 * m * k * n < minFlops ? 1 : Math.min(threads, blocks);
    }

    /** Drops the operands so the caller's arrays are not kept alive. */
    final void release() {
        a = null;
        b = null;
        c = null;
    }

    /** Checks a product's shape and that its operands fit their arrays and C overlaps neither. */
    static void check(String op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff) {
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

    static void range(String op, String name, float[] x, int off, long size, int m, int k, int n) {
        if (off < 0 || off + size > x.length) {
            throw new IllegalArgumentException(op + " (m=" + m + ", k=" + k + ", n=" + n + "): " + name
                    + " needs " + size + " floats at offset " + off + " but the array has " + x.length);
        }
    }

    private static boolean overlaps(float[] c, int cOff, long sc, float[] x, int xOff, long sx) {
        return c == x && sx > 0 && cOff < xOff + sx && xOff < cOff + sc;
    }
}
