package dev.rnn.math;

import org.ejml.data.FMatrixRMaj;

/**
 * A row-major matrix view: {@code rows × cols} floats of {@code data} from {@code offset}, each
 * row {@code cols} after the last. A view never copies; views of one buffer (the rows of one time
 * step, say) are made once when the buffer is allocated, so the products of a step allocate
 * nothing. Shapes print as {@code (rows, cols)}, as in the comments beside every buffer.
 */
public final class Mat {
    private final float[] data;
    private final int offset;
    private final int rows;
    private final int cols;

    /** The view (rows, cols) of {@code data} from {@code offset}; it must fit in the array. */
    public Mat(float[] data, int offset, int rows, int cols) {
        if (rows < 0 || cols < 0 || offset < 0) {
            throw new IllegalArgumentException("a view of (" + rows + ", " + cols + ") at offset " + offset
                    + ": sizes and offset must be >= 0");
        }
        if (offset + (long) rows * cols > data.length) {
            throw new IllegalArgumentException("a view of (" + rows + ", " + cols + ") at offset " + offset
                    + " needs " + (offset + (long) rows * cols) + " floats; the array has " + data.length);
        }
        this.data = data;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    /** The whole array as (rows, cols); its length must be rows*cols. */
    public static Mat of(float[] data, int rows, int cols) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("an array of " + data.length + " floats is not (" + rows + ", " + cols + ")");
        }
        return new Mat(data, 0, rows, cols);
    }

    /** An EJML matrix's data as a view. */
    public static Mat of(FMatrixRMaj m) {
        return new Mat(m.data, 0, m.numRows, m.numCols);
    }

    /** Rows [from, from + count) of this view. */
    public Mat rows(int from, int count) {
        if (from < 0 || count < 0 || from + count > rows) {
            throw new IllegalArgumentException("rows [" + from + ", " + (from + count) + ") of a " + shape() + " view");
        }
        return new Mat(data, offset + from * cols, count, cols);
    }

    /**
     * Block {@code i} of {@code count} equal row blocks: {@code rows(i * rows/count, rows/count)},
     * e.g. step t's (N, H) rows of a ((T+1)*N, H) sequence buffer.
     */
    public Mat block(int i, int count) {
        if (count < 1 || rows % count != 0) {
            throw new IllegalArgumentException("a " + shape() + " view does not split into " + count + " equal row blocks");
        }
        int r = rows / count;
        return rows(i * r, r);
    }

    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** rows * cols. */
    public int size() {
        return rows * cols;
    }

    /** {@code (rows, cols)}. */
    public String shape() {
        return "(" + rows + ", " + cols + ")";
    }

    @Override
    public String toString() {
        return "Mat" + shape() + "@" + offset;
    }
}
