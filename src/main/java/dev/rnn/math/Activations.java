package dev.rnn.math;

/**
 * The gate nonlinearities on ranges of float arrays: sigmoid and tanh, vectorised when the Vector
 * API module is present (for ranges of at least {@value #VECTOR_MIN_LEN}) and scalar otherwise, and
 * relu, scalar (already cheap).
 *
 * <p>Both paths evaluate the same formula with the same exactly-rounded operations (fma, add,
 * multiply, divide), so they give the same bits as each other, as the scalar {@link #sigmoid(float)}
 * and {@link #tanh(float)}, and whatever the JIT has compiled so far. The formula: exp by
 * Cody-Waite range reduction and a degree-6 polynomial (relative error 3e-9 before rounding);
 * sigmoid = 1 / (1 + exp(-x)); tanh = expm1(2x) / (expm1(2x) + 2), with expm1 from the same
 * reduction (no cancellation near 0, no branch).
 * Measured maximum absolute error against double-precision references: see ActivationsTest.
 *
 * <p>{@code dst} may be {@code src} at the same offset (in place); other overlaps are not allowed.
 */
public final class Activations {
    private static final boolean VECTOR = VectorApi.available();
    /**
     * Shorter ranges (sampling: one row of gates) stay scalar, with the same bits: on JDK 17 the
     * vector code runs ~100x slower than scalar until C2 compiles it, which takes thousands of
     * calls, so short calls would pay that warm-up (~1 s) for savings of about a microsecond.
     */
    public static final int VECTOR_MIN_LEN = 1024;

    // exp(u) = 2^n · e^r, n = round(u / ln 2), r = u - n·ln 2 in two parts (LN2_HI has 9 bits,
    // so n·LN2_HI is exact for the clamped range)
    static final float LOG2E = 1.44269504f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float MAGIC = 12582912f;
    static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    /** Clamp of exp's argument: 2^n stays a normal float. */
    static final float EXP_LO = -87f;
    static final float EXP_HI = 88f;
    // (e^r - 1 - r) / r² on |r| <= ln2/2, minimax for relative error of e^r
    static final float E0 = 0.49999994f;
    static final float E1 = 0.16666521f;
    static final float E2 = 0.04166839f;
    static final float E3 = 0.00836871f;
    static final float E4 = 0.0013814613f;
    /** tanh(±10) rounds to ±1 exactly; clamping keeps exp(2x) finite. */
    static final float TANH_CLAMP = 10f;

    private Activations() {
    }

    /** x[i] = 1 / (1 + e^-x[i]) in place. */
    public static void sigmoid(float[] x, int off, int len) {
        sigmoid(x, off, x, off, len);
    }

    /** dst[i] = 1 / (1 + e^-src[i]). */
    public static void sigmoid(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        check(src, srcOff, dst, dstOff, len);
        if (VECTOR && len >= VECTOR_MIN_LEN) {
            VectorActivations.sigmoid(src, srcOff, dst, dstOff, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = sigmoid(src[srcOff + i]);
        }
    }

    /** x[i] = tanh(x[i]) in place. */
    public static void tanh(float[] x, int off, int len) {
        tanh(x, off, x, off, len);
    }

    /** dst[i] = tanh(src[i]). */
    public static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        check(src, srcOff, dst, dstOff, len);
        if (VECTOR && len >= VECTOR_MIN_LEN) {
            VectorActivations.tanh(src, srcOff, dst, dstOff, len);
            return;
        }
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = tanh(src[srcOff + i]);
        }
    }

    /** x[i] = max(x[i], 0) in place. */
    public static void relu(float[] x, int off, int len) {
        relu(x, off, x, off, len);
    }

    /** dst[i] = max(src[i], 0). */
    public static void relu(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        check(src, srcOff, dst, dstOff, len);
        for (int i = 0; i < len; i++) { // scalar: cheap already, and one vector method fewer to warm up
            dst[dstOff + i] = Math.max(src[srcOff + i], 0f);
        }
    }

    /** The logistic function, bit for bit what the array versions compute. */
    public static float sigmoid(float x) {
        float u = Math.min(Math.max(-x, EXP_LO), EXP_HI);
        return 1f / (1f + exp(u));
    }

    /** The hyperbolic tangent, bit for bit what the array versions compute. */
    public static float tanh(float x) {
        float u = 2f * Math.min(Math.max(x, -TANH_CLAMP), TANH_CLAMP);
        // expm1(u) = 2^n · (e^r - 1) + (2^n - 1): no cancellation near 0, so tanh stays
        // accurate relative to itself there
        float z = Math.fma(u, LOG2E, MAGIC);
        float n = z - MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, u));
        float q = Math.fma(Math.fma(Math.fma(Math.fma(E4, r, E3), r, E2), r, E1), r, E0);
        float p = Math.fma(q, r * r, r);
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(z) - (MAGIC_BITS - 127)) << 23);
        float em1 = Math.fma(scale, p, scale - 1f);
        return em1 / (em1 + 2f);
    }

    /** e^u for u in [EXP_LO, EXP_HI]. */
    static float exp(float u) {
        float z = Math.fma(u, LOG2E, MAGIC);
        float n = z - MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, u));
        float q = Math.fma(Math.fma(Math.fma(Math.fma(E4, r, E3), r, E2), r, E1), r, E0);
        float er = Math.fma(q, r * r, r) + 1f;
        float scale = Float.intBitsToFloat((Float.floatToRawIntBits(z) - (MAGIC_BITS - 127)) << 23);
        return er * scale;
    }

    private static void check(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        if (len < 0 || srcOff < 0 || dstOff < 0 || srcOff + (long) len > src.length
                || dstOff + (long) len > dst.length) {
            throw new IllegalArgumentException("range of " + len + " at src " + srcOff + " (length "
                    + src.length + "), dst " + dstOff + " (length " + dst.length + ")");
        }
    }
}
