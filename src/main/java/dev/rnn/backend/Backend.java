package dev.rnn.backend;

import dev.rnn.backend.kernels.MatMul;
import dev.rnn.math.Mat;
import dev.rnn.math.Elementwise;
import java.util.Arrays;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Where the model's products run: EJML-style named calls on {@link Mat} views with the output
 * passed in ({@code mult(a, b, c)}: C = A·B, {@code multAdd}: C += A·B, {@code TransA}/{@code TransB}
 * for a transposed operand), shapes checked and printed on mismatch, and {@link #prepare} for a
 * weight that many products read, which decides once how to lay it out (packed panels, a
 * transpose, nothing). The model says what it computes; the kernels behind a backend decide how.
 *
 * <p>Results: every backend computes each output element the same way whatever the thread count,
 * and a row's result does not depend on how many rows the product has (see {@link #prepare}).
 * Thread safety: any number of threads may call one backend at once, each with its own outputs
 * (one workspace per caller); a call made while the thread pool is busy runs on its caller.
 */
public final class Backend implements AutoCloseable {
    /** {@code uses} for a weight whose values stay as they are while the prepared copy lives (inference). */
    public static final int FROZEN = Integer.MAX_VALUE;

    private final MatMul mm;

    /** A backend on the given product kernels (see {@link Backends} for the usual choices). */
    public Backend(MatMul mm) {
        this.mm = mm;
    }

    /** Readies the kernels for a long run of products; training calls it once (~0.2 s). */
    public void warmUp() {
        mm.warmUp();
    }

    /** A short name for logs and benchmarks, e.g. {@code vector x2}. */
    public String name() {
        return mm.name();
    }

    @Override
    public String toString() {
        return name();
    }

    /** The thread pool behind the products, for the elementwise work between them (the gate math). */
    public Parallel parallel() {
        return mm.parallel();
    }

    // ---- products of two views -----------------------------------------------------------

    /** C (m, n) = A (m, k) · B (k, n). */
    public void mult(Mat a, Mat b, Mat c) {
        plain("mult", a, b, c, false);
    }

    /** C (m, n) += A (m, k) · B (k, n). */
    public void multAdd(Mat a, Mat b, Mat c) {
        plain("multAdd", a, b, c, true);
    }

    /** C (m, n) = Aᵀ · B, A (k, m), B (k, n): a sum over the k shared rows. */
    public void multTransA(Mat a, Mat b, Mat c) {
        transA("multTransA", a, b, c, false);
    }

    /** C (m, n) += Aᵀ · B, A (k, m), B (k, n). */
    public void multAddTransA(Mat a, Mat b, Mat c) {
        transA("multAddTransA", a, b, c, true);
    }

    /** C (m, n) = A (m, k) · Bᵀ, B (n, k). */
    public void multTransB(Mat a, Mat b, Mat c) {
        transB("multTransB", a, b, c, false);
    }

    /** C (m, n) += A (m, k) · Bᵀ, B (n, k). */
    public void multAddTransB(Mat a, Mat b, Mat c) {
        transB("multAddTransB", a, b, c, true);
    }

    // ---- products with a prepared weight ----------------------------------------------------

    /**
     * A weight W laid out for {@code uses} products that read it before its values next change:
     * T for the recurrent products of a training chunk (refreshed at the start of each chunk),
     * 1 for a product over all rows at once, {@link #FROZEN} for inference (laid out once, here).
     * The choices: a weight read by more than one product is copied into the kernels' packed
     * panels (each panel streamed front to back); a weight read once is used in place; a
     * {@link Prepared.Layout#COLUMNS} weight is transposed when at least as many columns are
     * gathered as it has. A prepared copy gives every row the same bits whatever the row count,
     * so an inference batch equals its rows run one at a time.
     */
    public Prepared prepare(Mat w, Prepared.Layout layout, int uses) {
        if (uses < 1) {
            throw new IllegalArgumentException("a prepared weight must have at least 1 use, not " + uses);
        }
        boolean copy = switch (layout) {
            case TRANSPOSED, AS_IS -> uses > 1;
            case COLUMNS -> uses >= w.cols();
        };
        Prepared p = new Prepared(w, layout, copy ? new float[w.size()] : null, uses == FROZEN);
        p.layOut(this);
        return p;
    }

    /** C (m, n) = X (m, k) · Wᵀ, W (n, k) prepared {@link Prepared.Layout#TRANSPOSED}. */
    public void multTransB(Mat x, Prepared w, Mat c) {
        prepared("multTransB", x, w, Prepared.Layout.TRANSPOSED, c, false);
    }

    /** C (m, n) += X (m, k) · Wᵀ, W (n, k) prepared {@link Prepared.Layout#TRANSPOSED}. */
    public void multAddTransB(Mat x, Prepared w, Mat c) {
        prepared("multAddTransB", x, w, Prepared.Layout.TRANSPOSED, c, true);
    }

    /** C (m, n) += X (m, k) · W, W (k, n) prepared {@link Prepared.Layout#AS_IS}. */
    public void multAdd(Mat x, Prepared w, Mat c) {
        prepared("multAdd", x, w, Prepared.Layout.AS_IS, c, true);
    }

    /**
     * C (rows, n) = onehot(ids) · Wᵀ + bias: row r is column ids[r] of W (n, d) plus bias (n), a
     * gather, exact whichever way it runs. W is prepared {@link Prepared.Layout#COLUMNS}.
     */
    public void gatherColumns(int[] ids, Prepared w, float[] bias, Mat c) {
        Mat wm = w.weight();
        int n = wm.rows();
        int d = wm.cols();
        if (w.layout() != Prepared.Layout.COLUMNS || c.cols() != n || ids.length < c.rows() || bias.length < n) {
            throw new IllegalArgumentException("gatherColumns: W " + wm.shape() + " (" + w.layout() + ") -> C "
                    + c.shape() + " from " + ids.length + " ids and a bias of " + bias.length
                    + "; expected a COLUMNS weight, C (rows, " + n + "), rows <= ids, bias >= " + n);
        }
        float[] out = c.data();
        if (w.copy() != null) {
            w.checkLaidOut(); // once per call, not per row
        }
        for (int r = 0; r < c.rows(); r++) {
            int id = ids[r];
            if (id < 0 || id >= d) {
                throw new IllegalArgumentException("gatherColumns: id " + id + " at row " + r + " is not a column of W " + wm.shape());
            }
            int cr = c.offset() + r * n;
            if (w.copy() != null) {
                // a row of Wᵀ (d, n) per id: contiguous, unlike W's columns
                Elementwise.add(w.copy(), id * n, bias, 0, out, cr, n);
            } else {
                float[] wd = wm.data();
                int wo = wm.offset();
                for (int j = 0; j < n; j++) {
                    out[cr + j] = wd[wo + j * d + id] + bias[j];
                }
            }
        }
    }

    /**
     * dW (n, d) += dCᵀ · onehot(ids): row r of dC (rows, n) is added into column ids[r] of dW, the
     * backward of {@link #gatherColumns}. A weight prepared with a transposed copy sums into that
     * copy (rows of it are contiguous) and adds it to dW transposed; the copy then no longer holds
     * W, so it must be refreshed before the next gather (the next chunk's forward does).
     */
    public void scatterAddColumns(int[] ids, Mat dc, Prepared w, Mat dw) {
        Mat wm = w.weight();
        int n = wm.rows();
        int d = wm.cols();
        sameShape("scatterAddColumns", "dW", dw, "W", wm);
        if (dc.cols() != n || ids.length < dc.rows()) {
            throw new IllegalArgumentException("scatterAddColumns: dC " + dc.shape() + " into dW " + dw.shape()
                    + " from " + ids.length + " ids; expected dC (rows <= ids, " + n + ")");
        }
        float[] g = dc.data();
        float[] out = dw.data();
        int wo = dw.offset();
        float[] dT = w.copy();
        if (dT != null) {
            w.markScratch();
            Arrays.fill(dT, 0f);
            for (int r = 0; r < dc.rows(); r++) {
                int gr = ids[r] * n;
                Elementwise.add(dT, gr, g, dc.offset() + r * n, dT, gr, n);
            }
            for (int j = 0; j < n; j++) {
                for (int v = 0; v < d; v++) {
                    out[wo + j * d + v] += dT[v * n + j];
                }
            }
        } else {
            for (int r = 0; r < dc.rows(); r++) {
                int id = ids[r];
                int gr = dc.offset() + r * n;
                for (int j = 0; j < n; j++) {
                    out[wo + j * d + id] += g[gr + j];
                }
            }
        }
    }

    /** Stops the kernels' worker threads (daemons, so this is optional at exit). */
    @Override
    public void close() {
        if (mm instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the worker threads: " + e, e);
            }
        }
    }

    /** Copies W's current values into the prepared layout (called by {@link Prepared#refresh()}). */
    void layOut(Prepared p) {
        Mat w = p.weight();
        float[] dst = p.copy();
        switch (p.layout()) {
            case TRANSPOSED -> mm.pack(w.cols(), w.rows(), w.data(), w.offset(), true, dst);   // Wᵀ (k, n)
            case AS_IS -> mm.pack(w.rows(), w.cols(), w.data(), w.offset(), false, dst);       // W (k, n)
            case COLUMNS -> transpose(p, w, dst);                                             // Wᵀ (d, n) row-major
        }
    }

    private static void transpose(Prepared p, Mat w, float[] dst) {
        if (p.source() != null) {
            CommonOps_FDRM.transpose(p.source(), p.transposed()); // blocked
            return;
        }
        for (int i = 0; i < w.rows(); i++) {
            for (int j = 0; j < w.cols(); j++) {
                dst[j * w.rows() + i] = w.data()[w.offset() + i * w.cols() + j];
            }
        }
    }

    // ---- shape checks and the calls into the kernels --------------------------------------

    private void plain(String op, Mat a, Mat b, Mat c, boolean add) {
        if (a.cols() != b.rows() || c.rows() != a.rows() || c.cols() != b.cols()) {
            throw shapes(op, "A " + a.shape() + " · B " + b.shape() + " -> C " + c.shape(),
                    "C (" + a.rows() + ", " + b.cols() + ") and A's columns = B's rows");
        }
        mm.mult(a.rows(), a.cols(), b.cols(), a.data(), a.offset(), b.data(), b.offset(), c.data(), c.offset(), add);
    }

    private void transA(String op, Mat a, Mat b, Mat c, boolean add) {
        if (a.rows() != b.rows() || c.rows() != a.cols() || c.cols() != b.cols()) {
            throw shapes(op, "Aᵀ of A " + a.shape() + " · B " + b.shape() + " -> C " + c.shape(),
                    "C (" + a.cols() + ", " + b.cols() + ") and A's rows = B's rows");
        }
        mm.multTransA(a.cols(), a.rows(), b.cols(), a.data(), a.offset(), b.data(), b.offset(), c.data(), c.offset(), add);
    }

    private void transB(String op, Mat a, Mat b, Mat c, boolean add) {
        if (a.cols() != b.cols() || c.rows() != a.rows() || c.cols() != b.rows()) {
            throw shapes(op, "A " + a.shape() + " · Bᵀ of B " + b.shape() + " -> C " + c.shape(),
                    "C (" + a.rows() + ", " + b.rows() + ") and A's columns = B's columns");
        }
        mm.multTransB(a.rows(), a.cols(), b.rows(), a.data(), a.offset(), b.data(), b.offset(), c.data(), c.offset(), add);
    }

    private void prepared(String op, Mat x, Prepared w, Prepared.Layout layout, Mat c, boolean add) {
        if (w.layout() != layout) {
            throw new IllegalArgumentException(op + ": the weight " + w.weight().shape() + " was prepared "
                    + w.layout() + ", this product needs " + layout);
        }
        if (w.copy() == null) {
            if (layout == Prepared.Layout.TRANSPOSED) {
                transB(op, x, w.weight(), c, add);
            } else {
                plain(op, x, w.weight(), c, add);
            }
            return;
        }
        w.checkLaidOut();
        Mat wm = w.weight();
        int k = layout == Prepared.Layout.TRANSPOSED ? wm.cols() : wm.rows();
        int n = layout == Prepared.Layout.TRANSPOSED ? wm.rows() : wm.cols();
        if (x.cols() != k || c.rows() != x.rows() || c.cols() != n) {
            throw shapes(op, "X " + x.shape() + " and W " + wm.shape() + " (" + layout + ") -> C " + c.shape(),
                    "C (" + x.rows() + ", " + n + ") and X's columns = " + k);
        }
        mm.multPacked(x.rows(), k, n, x.data(), x.offset(), w.copy(), c.data(), c.offset(), add);
    }

    private static void sameShape(String op, String an, Mat a, String bn, Mat b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw shapes(op, an + " " + a.shape() + " vs " + bn + " " + b.shape(), "the same shape");
        }
    }

    private static IllegalArgumentException shapes(String op, String got, String expected) {
        return new IllegalArgumentException(op + ": " + got + "; expected " + expected);
    }
}
