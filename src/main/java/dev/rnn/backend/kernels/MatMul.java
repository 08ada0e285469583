package dev.rnn.backend.kernels;

import dev.rnn.backend.Parallel;

/**
 * The three dense products the model needs, on row-major float arrays addressed by offset so
 * that a time step's rows of a sequence buffer can be used without copying.
 *
 * <p>Every method computes {@code C = op(A) · op(B)} into {@code c}, adding to what is there when
 * {@code accumulate} is true and overwriting it otherwise. {@code c} must not overlap {@code a}
 * or {@code b}. Implementations must give the same bits whatever thread count they use.
 */
public interface MatMul {

    /** C (m, n) = [C +] A (m, k) · B (k, n). */
    void mult(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
              float[] c, int cOff, boolean accumulate);

    /** C (m, n) = [C +] Aᵀ · B, with A (k, m) and B (k, n): a sum over the k shared rows. */
    void multTransA(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                    float[] c, int cOff, boolean accumulate);

    /** C (m, n) = [C +] A (m, k) · Bᵀ, with B (n, k). */
    void multTransB(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                    float[] c, int cOff, boolean accumulate);

    /**
     * Lays out B (k, n) for {@link #multPacked}, for a B that is the second operand of many
     * products (the recurrent weights over a chunk). {@code transposed}: {@code b} holds Bᵀ (n, k)
     * row-major, else B (k, n). {@code dst} takes k*n floats. This default keeps B row-major.
     */
    default void pack(int k, int n, float[] b, int bOff, boolean transposed, float[] dst) {
        if (transposed) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    dst[p * n + j] = b[bOff + j * k + p];
                }
            }
        } else {
            System.arraycopy(b, bOff, dst, 0, k * n);
        }
    }

    /** C (m, n) = [C +] A (m, k) · B, with B laid out by {@link #pack}. */
    default void multPacked(int m, int k, int n, float[] a, int aOff, float[] packed,
                            float[] c, int cOff, boolean accumulate) {
        mult(m, k, n, a, aOff, packed, 0, c, cOff, accumulate);
    }

    /** A short name for logs and benchmarks. */
    String name();

    /** Readies the kernels for a long run of products (training); a no-op where there is nothing to ready. */
    default void warmUp() {
    }

    /** The thread pool behind the products, for the elementwise work between them. */
    default Parallel parallel() {
        return Parallel.SERIAL;
    }
}
