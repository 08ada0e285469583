package dev.rnn.math;

/**
 * The gate nonlinearities on ranges of float arrays: sigmoid, tanh and relu, vectorised when the
 * Vector API module is present and scalar otherwise.
 *
 * <p>Both paths evaluate the same formula with the same exactly-rounded operations (fma, add,
 * multiply, divide), so they give the same bits as each other, as the scalar {@link #sigmoid(float)}
 * and {@link #tanh(float)}, and whatever the JIT has compiled so far. The formula: exp by
 * Cody-Waite range reduction and a degree-6 polynomial (relative error 3e-9 before rounding);
 * sigmoid = 1 / (1 + exp(-x)); tanh = x + x³·P(x²) for |x| < 0.625, else
 * sign(x) · (1 - 2 / (exp(2|x|) + 1)).
 * Measured maximum absolute error against double-precision references: see ActivationsTest.
 *
 * <p>{@code dst} may be {@code src} at the same offset (in place); other overlaps are not allowed.
 */
public final class Activations {
    private static final boolean VECTOR = MatMuls.vectorAvailable();
    /**
     * Shorter ranges (sampling: one row of gates) stay scalar, with the same bits: on JDK 17 the
     * vector code runs ~100x slower than scalar until C2 compiles it, which takes thousands of
     * calls, so short calls would pay that warm-up (~1 s) for savings of about a microsecond.
     */
    static final int VECTOR_MIN_LEN = 1024;

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
    // (tanh(x) - x) / x³ as a polynomial in x² on |x| < TANH_SMALL, minimax for relative error
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -0.3333328f;
    static final float T1 = 0.13331442f;
    static final float T2 = -0.053739715f;
    static final float T3 = 0.020639082f;
    static final float T4 = -0.005704982f;
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
        int i = VECTOR && len >= VECTOR_MIN_LEN ? VectorActivations.sigmoid(src, srcOff, dst, dstOff, len) : 0;
        for (; i < len; i++) {
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
        int i = VECTOR && len >= VECTOR_MIN_LEN ? VectorActivations.tanh(src, srcOff, dst, dstOff, len) : 0;
        for (; i < len; i++) {
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
        int i = VECTOR && len >= VECTOR_MIN_LEN ? VectorActivations.relu(src, srcOff, dst, dstOff, len) : 0;
        for (; i < len; i++) {
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
        float ax = Math.abs(x);
        if (ax < TANH_SMALL) {
            float x2 = x * x;
            float p = Math.fma(Math.fma(Math.fma(Math.fma(T4, x2, T3), x2, T2), x2, T1), x2, T0);
            return Math.fma(p, x2 * x, x);
        }
        // on |x| so that 2 / (e + 1) is small and exact to a few of its own ulps
        float e = exp(2f * Math.min(ax, TANH_CLAMP));
        float t = 1f - 2f / (e + 1f);
        return x < 0f ? -t : t;
    }

    /** e^u for u in [EXP_LO, EXP_HI]. */
    static float exp(float u) {
        float z = Math.fma(u, LOG2E, MAGIC);
        float n = z - MAGIC;
        float r = Math.fma(n, -LN2_HI, u);
        r = Math.fma(n, -LN2_LO, r);
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
