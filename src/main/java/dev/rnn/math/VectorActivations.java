package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector bodies of {@link Activations}: the same formula lane by lane, so the results equal
 * the scalar ones bit for bit.
 *
 * <p>The scalar tails repeat Activations' one-value formulas instead of calling them, on purpose:
 * that makes these methods larger than C2's limit for inlining hot methods (FreqInlineSize, 325
 * bytecodes), so each is compiled as a root of its own. Inlined into a big or deep caller (a
 * cell inside the time loop inside the trainer), the Vector API's long internal call chains can
 * exhaust that caller's inlining budget, lose their intrinsics and box every vector (seen on
 * JDK 17: allocation, and several times slower). ActivationsTest checks the bits of both parts.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorActivations() {
    }

    /**
     * dst = sigmoid(src), the vectors and then the tail.
     *
     * <p>exp is spelled out here and in {@link #tanh}, and every constant broadcast where it is
     * used, on purpose: C2 keeps vectors in registers only within one compiled method, and a
     * helper taking or returning a vector that it declines to inline (already compiled on its
     * own into more than InlineSmallCode bytes, say) boxes every vector, allocating and running
     * up to ~100x slower (seen on JDK 17). For the same reason both stay short (about 20 vector
     * operations, no masks): a longer tanh with a polynomial branch and blends sometimes lost
     * some intrinsics on JDK 17, apparently past C2's inlining budget.
     */
    static void sigmoid(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int end = len / L * L;
        for (int i = 0; i < end; i += L) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector u = x.neg().max(Activations.EXP_LO).min(Activations.EXP_HI);
            // exp(u), as Activations.exp
            FloatVector z = u.fma(FloatVector.broadcast(F, Activations.LOG2E), FloatVector.broadcast(F, Activations.MAGIC));
            FloatVector n = z.sub(Activations.MAGIC);
            FloatVector r = n.fma(FloatVector.broadcast(F, -Activations.LN2_LO), n.fma(FloatVector.broadcast(F, -Activations.LN2_HI), u));
            FloatVector q = r.fma(FloatVector.broadcast(F, Activations.E4), FloatVector.broadcast(F, Activations.E3))
                    .fma(r, FloatVector.broadcast(F, Activations.E2))
                    .fma(r, FloatVector.broadcast(F, Activations.E1))
                    .fma(r, FloatVector.broadcast(F, Activations.E0));
            FloatVector er = q.fma(r.mul(r), r).add(1f);
            IntVector bits = z.reinterpretAsInts().sub(Activations.MAGIC_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23);
            FloatVector e = er.mul(bits.reinterpretAsFloats());
            FloatVector.broadcast(F, 1f).div(e.add(1f)).intoArray(dst, dstOff + i);
        }
        for (int i = end; i < len; i++) { // the tail: Activations.sigmoid(float), spelled out
            float u = Math.min(Math.max(-src[srcOff + i], Activations.EXP_LO), Activations.EXP_HI);
            float z = Math.fma(u, Activations.LOG2E, Activations.MAGIC);
            float n = z - Activations.MAGIC;
            float r = Math.fma(n, -Activations.LN2_LO, Math.fma(n, -Activations.LN2_HI, u));
            float q = Math.fma(Math.fma(Math.fma(Math.fma(Activations.E4, r, Activations.E3), r, Activations.E2),
                    r, Activations.E1), r, Activations.E0);
            float er = Math.fma(q, r * r, r) + 1f;
            float e = er * Float.intBitsToFloat((Float.floatToRawIntBits(z) - (Activations.MAGIC_BITS - 127)) << 23);
            dst[dstOff + i] = 1f / (1f + e);
        }
    }

    /** dst = tanh(src), the vectors and then the tail. */
    static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int end = len / L * L;
        for (int i = 0; i < end; i += L) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector u = x.max(-Activations.TANH_CLAMP).min(Activations.TANH_CLAMP).mul(2f);
            // expm1(u), as Activations.tanh
            FloatVector z = u.fma(FloatVector.broadcast(F, Activations.LOG2E), FloatVector.broadcast(F, Activations.MAGIC));
            FloatVector n = z.sub(Activations.MAGIC);
            FloatVector r = n.fma(FloatVector.broadcast(F, -Activations.LN2_LO), n.fma(FloatVector.broadcast(F, -Activations.LN2_HI), u));
            FloatVector q = r.fma(FloatVector.broadcast(F, Activations.E4), FloatVector.broadcast(F, Activations.E3))
                    .fma(r, FloatVector.broadcast(F, Activations.E2))
                    .fma(r, FloatVector.broadcast(F, Activations.E1))
                    .fma(r, FloatVector.broadcast(F, Activations.E0));
            FloatVector p = q.fma(r.mul(r), r);
            FloatVector scale = z.reinterpretAsInts().sub(Activations.MAGIC_BITS - 127)
                    .lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector em1 = scale.fma(p, scale.sub(1f));
            em1.div(em1.add(2f)).intoArray(dst, dstOff + i);
        }
        for (int i = end; i < len; i++) { // the tail: Activations.tanh(float), spelled out
            float u = 2f * Math.min(Math.max(src[srcOff + i], -Activations.TANH_CLAMP), Activations.TANH_CLAMP);
            float z = Math.fma(u, Activations.LOG2E, Activations.MAGIC);
            float n = z - Activations.MAGIC;
            float r = Math.fma(n, -Activations.LN2_LO, Math.fma(n, -Activations.LN2_HI, u));
            float q = Math.fma(Math.fma(Math.fma(Math.fma(Activations.E4, r, Activations.E3), r, Activations.E2),
                    r, Activations.E1), r, Activations.E0);
            float p = Math.fma(q, r * r, r);
            float scale = Float.intBitsToFloat((Float.floatToRawIntBits(z) - (Activations.MAGIC_BITS - 127)) << 23);
            float em1 = Math.fma(scale, p, scale - 1f);
            dst[dstOff + i] = em1 / (em1 + 2f);
        }
    }
}
