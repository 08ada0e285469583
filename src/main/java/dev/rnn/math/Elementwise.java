package dev.rnn.math;

/**
 * The few elementwise operations on row-major float arrays that EJML does not offer on
 * offset ranges: broadcasting a bias over rows, summing columns, masks.
 */
public final class Elementwise {
    private static final boolean VECTOR = VectorApi.available();

    private Elementwise() {
    }

    /** X (rows, n) += bias (n) broadcast over every row. */
    public static void addRowVector(float[] x, int xOff, int rows, int n, float[] bias, int biasOff) {
        if (VECTOR) {
            checkRange(x, xOff, (long) rows * n);
            checkRange(bias, biasOff, n);
            VectorElementwise.addRowVector(x, xOff, rows, n, bias, biasOff);
        } else {
            addRowVectorScalar(x, xOff, rows, n, bias, biasOff);
        }
    }

    static void addRowVectorScalar(float[] x, int xOff, int rows, int n, float[] bias, int biasOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            for (int j = 0; j < n; j++) {
                x[xr + j] += bias[biasOff + j];
            }
        }
    }

    /** out (n) += the column sums of X (rows, n), each summed over the rows in order. */
    public static void addColumnSums(float[] x, int xOff, int rows, int n, float[] out, int outOff) {
        if (VECTOR) {
            checkRange(x, xOff, (long) rows * n);
            checkRange(out, outOff, n);
            VectorElementwise.addColumnSums(x, xOff, rows, n, out, outOff);
        } else {
            addColumnSumsScalar(x, xOff, rows, n, out, outOff);
        }
    }

    static void addColumnSumsScalar(float[] x, int xOff, int rows, int n, float[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            for (int j = 0; j < n; j++) {
                out[outOff + j] += x[xr + j];
            }
        }
    }

    /** out[i] = a[i] + b[i] for len elements. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        if (VECTOR) {
            checkRange(a, aOff, len);
            checkRange(b, bOff, len);
            checkRange(out, outOff, len);
            VectorElementwise.add(a, aOff, b, bOff, out, outOff, len);
        } else {
            addScalar(a, aOff, b, bOff, out, outOff, len);
        }
    }

    static void addScalar(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    /** out[i] = a[i] * b[i] for len elements. */
    public static void multiply(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        for (int i = 0; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    private static void checkRange(float[] a, int off, long len) {
        if (off < 0 || len < 0 || off > a.length - len) {
            throw new IndexOutOfBoundsException("range [" + off + ", " + (off + len)
                    + ") outside an array of " + a.length);
        }
    }

    /** The logistic function 1 / (1 + e^-x). */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
