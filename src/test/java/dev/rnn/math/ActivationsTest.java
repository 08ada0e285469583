package dev.rnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Activations against double-precision references over a dense sweep of all floats (every 257th
 * bit pattern of each sign, every 1e-5 in [-12, 12], and the special values): absolute error at
 * most 2e-7; relative error small where the value is small; and the vector path, the scalar tail
 * and the scalar one-value functions give the same bits.
 */
class ActivationsTest {
    private static final double MAX_ABS = 2e-7;

    /** The sweep: both signs of every 257th float bit pattern up to infinity, a fine grid, and specials. */
    private static float[] sweep() {
        int coarse = 0x7F800000 / 257 + 1;
        int fine = 2_400_001;
        float[] specials = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, -1e-30f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            0.625f, -0.625f, Math.nextDown(0.625f), Math.nextUp(-0.625f), 9f, -9f, 87f, -87f, 88f, -88f,
            88.7f, -88.7f, 89f, -89f, 104f, -104f, 1e5f, -1e5f};
        float[] x = new float[2 * coarse + fine + specials.length];
        int i = 0;
        for (int bits = 0; bits <= 0x7F800000 && i < 2 * coarse; bits += 257) {
            x[i++] = Float.intBitsToFloat(bits);
            x[i++] = -Float.intBitsToFloat(bits);
        }
        for (int q = 0; q < fine; q++) {
            x[i++] = (float) (-12.0 + q * 1e-5);
        }
        for (float s : specials) {
            x[i++] = s;
        }
        return java.util.Arrays.copyOf(x, i);
    }

    private static double sigmoidRef(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    @Test
    void sigmoidIsWithin2e7OfTheDoubleReference() {
        float[] x = sweep();
        float[] y = new float[x.length];
        Activations.sigmoid(x, 0, y, 0, x.length);
        double[] err = errors(x, y, ActivationsTest::sigmoidRef, "sigmoid");
        assertTrue(err[0] <= MAX_ABS, "sigmoid max abs error " + err[0]);
        assertTrue(err[1] <= 3e-7, "sigmoid max relative error " + err[1]); // where sigmoid > 1e-30
    }

    @Test
    void tanhIsWithin2e7OfTheDoubleReference() {
        float[] x = sweep();
        float[] y = new float[x.length];
        Activations.tanh(x, 0, y, 0, x.length);
        double[] err = errors(x, y, Math::tanh, "tanh");
        assertTrue(err[0] <= MAX_ABS, "tanh max abs error " + err[0]);
        assertTrue(err[1] <= 3e-7, "tanh max relative error " + err[1]);
    }

    /** {max abs error, max relative error where |ref| > 1e-30}; prints both for the record. */
    private static double[] errors(float[] x, float[] y, DoubleUnaryOperator ref, String name) {
        double maxAbs = 0;
        double maxRel = 0;
        float worstAbs = 0;
        float worstRel = 0;
        for (int i = 0; i < x.length; i++) {
            double r = ref.applyAsDouble(x[i]);
            double e = Math.abs(y[i] - r);
            if (!(e <= 1)) {
                fail(name + "(" + x[i] + ") = " + y[i] + ", expected " + r);
            }
            if (e > maxAbs) {
                maxAbs = e;
                worstAbs = x[i];
            }
            if (Math.abs(r) > 1e-30 && e / Math.abs(r) > maxRel) {
                maxRel = e / Math.abs(r);
                worstRel = x[i];
            }
        }
        System.out.printf("%s: max abs error %.3g at x=%s, max relative error %.3g at x=%s (%d points)%n",
                name, maxAbs, worstAbs, maxRel, worstRel, x.length);
        return new double[] {maxAbs, maxRel};
    }

    @Test
    void saturatesExactlyAtTheEnds() {
        assertEquals(1f, Activations.tanh(20f));
        assertEquals(-1f, Activations.tanh(-20f));
        assertEquals(1f, Activations.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, Activations.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, Activations.sigmoid(100f));
        assertEquals(0.5f, Activations.sigmoid(0f));
        float tiny = Activations.sigmoid(-1000f);
        assertTrue(tiny >= 0f && tiny < 1e-37f, "sigmoid(-1000) = " + tiny);
        assertEquals(0f, Activations.tanh(0f));
        assertEquals(1e-20f, Activations.tanh(1e-20f));
    }

    @Test
    void arrayPathsGiveTheScalarFunctionsBits() {
        float[] x = sweep();
        float[] y = x.clone();
        Activations.tanh(y, 0, y.length); // in place
        float[] s = x.clone();
        Activations.sigmoid(s, 0, s.length);
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToIntBits(y[i]) != Float.floatToIntBits(Activations.tanh(x[i]))) {
                fail("tanh(" + x[i] + "): array " + y[i] + ", scalar " + Activations.tanh(x[i]));
            }
            if (Float.floatToIntBits(s[i]) != Float.floatToIntBits(Activations.sigmoid(x[i]))) {
                fail("sigmoid(" + x[i] + "): array " + s[i] + ", scalar " + Activations.sigmoid(x[i]));
            }
        }
    }

    @Test
    void rangesWithOffsetsAndTailsTouchOnlyTheirElements() {
        Rng rng = new Rng(7);
        int[] lens = new int[80];
        for (int q = 0; q < lens.length; q++) { // short ranges (scalar) and long ones (vector + tail)
            lens[q] = q < 40 ? q : Activations.VECTOR_MIN_LEN - 20 + q;
        }
        for (int len : lens) {
            for (int off : new int[] {0, 1, 5}) {
                float[] src = new float[off + len + 3];
                for (int i = 0; i < src.length; i++) {
                    src[i] = rng.uniform(-6f, 6f);
                }
                float[] dst = new float[len + off + 9];
                java.util.Arrays.fill(dst, 42f);
                int dOff = off + 2;
                Activations.tanh(src, off, dst, dOff, len);
                check(src, off, dst, dOff, len, "tanh", Activations::tanh);
                java.util.Arrays.fill(dst, 42f);
                Activations.sigmoid(src, off, dst, dOff, len);
                check(src, off, dst, dOff, len, "sigmoid", Activations::sigmoid);
                java.util.Arrays.fill(dst, 42f);
                Activations.relu(src, off, dst, dOff, len);
                check(src, off, dst, dOff, len, "relu", v -> Math.max(v, 0f));
                float[] inPlace = src.clone();
                Activations.relu(inPlace, off, len);
                for (int i = 0; i < src.length; i++) {
                    float want = i >= off && i < off + len ? Math.max(src[i], 0f) : src[i];
                    assertEquals(want, inPlace[i], "relu in place at " + i);
                }
            }
        }
    }

    private interface FloatOp {
        float apply(float x);
    }

    private static void check(float[] src, int off, float[] dst, int dOff, int len, String name, FloatOp f) {
        for (int i = 0; i < dst.length; i++) {
            if (i >= dOff && i < dOff + len) {
                float want = f.apply(src[off + i - dOff]);
                assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(dst[i]), name + " len " + len + " at " + i);
            } else {
                assertEquals(42f, dst[i], name + " wrote outside its range at " + i + " (len " + len + ")");
            }
        }
    }

    @Test
    void badRangesFail() {
        float[] x = new float[8];
        assertThrows(IllegalArgumentException.class, () -> Activations.tanh(x, 4, 5));
        assertThrows(IllegalArgumentException.class, () -> Activations.sigmoid(x, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> Activations.relu(x, 0, new float[3], 0, 4));
    }
}
