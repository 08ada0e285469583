package dev.rnn.math;

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

    /** A short name for logs and benchmarks. */
    String name();

    /** The thread pool behind the products, for the elementwise work between them. */
    default Parallel parallel() {
        return Parallel.SERIAL;
    }
}
