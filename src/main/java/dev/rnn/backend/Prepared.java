package dev.rnn.backend;

import dev.rnn.math.Mat;

import org.ejml.data.FMatrixRMaj;

/**
 * A weight matrix W as {@link Backend#prepare} laid it out for the products that read it: either
 * W itself, used in place, or a copy in the layout its products stream fastest. {@link #refresh()}
 * lays the current values out again (at the start of each training chunk); a copy made for
 * {@link Backend#FROZEN} use was laid out once and keeps those values.
 */
public final class Prepared {
    /** How the products will read W. */
    public enum Layout {
        /** Products X·Wᵀ (the input, recurrent and decoder projections). */
        TRANSPOSED,
        /** Products X·W (backpropagating through a projection). */
        AS_IS,
        /** Gathers of W's columns: the one-hot input's projection. */
        COLUMNS
    }

    private final Mat weight;
    private final Layout layout;
    private final float[] copy;    // the layout the kernels chose, or null: W is used in place
    private final boolean frozen;
    private final FMatrixRMaj source;      // COLUMNS: W as an EJML matrix, for its transpose, if it starts its array
    private final FMatrixRMaj transposed;  // COLUMNS: the copy as (cols, rows)
    private Backend backend;
    private boolean scratch;        // the copy was used as scratch after being laid out

    Prepared(Mat weight, Layout layout, float[] copy, boolean frozen) {
        this.weight = weight;
        this.layout = layout;
        this.copy = copy;
        this.frozen = frozen;
        boolean columns = layout == Layout.COLUMNS && copy != null;
        this.source = columns && weight.offset() == 0 ? FMatrixRMaj.wrap(weight.rows(), weight.cols(), weight.data()) : null;
        this.transposed = columns ? FMatrixRMaj.wrap(weight.cols(), weight.rows(), copy) : null;
    }

    /** W as given to {@link Backend#prepare}. */
    public Mat weight() {
        return weight;
    }

    public Layout layout() {
        return layout;
    }

    /** Whether the backend keeps a copy of W (else it reads W in place). */
    public boolean copied() {
        return copy != null;
    }

    /** Lays W's current values out again; a {@link Backend#FROZEN} copy keeps the values it was made with. */
    public void refresh() {
        if (copy != null && !frozen) {
            backend.layOut(this);
            scratch = false;
        }
    }

    void layOut(Backend b) {
        this.backend = b;
        if (copy != null) {
            b.layOut(this);
        }
    }

    float[] copy() {
        return copy;
    }

    FMatrixRMaj source() {
        return source;
    }

    FMatrixRMaj transposed() {
        return transposed;
    }

    void markScratch() {
        if (frozen) {
            throw new IllegalStateException("a FROZEN weight " + weight.shape() + " cannot take gradients");
        }
        scratch = true;
    }

    void checkLaidOut() {
        if (scratch) {
            throw new IllegalStateException("the weight " + weight.shape() + " was used as gradient scratch;"
                    + " refresh() it before the next product");
        }
    }
}
