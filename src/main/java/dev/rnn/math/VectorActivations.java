package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector bodies of {@link Activations}: the same formula lane by lane, so the results equal
 * the scalar ones bit for bit. Each method handles the whole vectors of the range and returns how
 * many elements it did; the caller finishes the tail with the scalar formula.
 */
final class VectorActivations {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorActivations() {
    }

    static int sigmoid(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int end = len / L * L;
        for (int i = 0; i < end; i += L) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector u = x.neg().max(Activations.EXP_LO).min(Activations.EXP_HI);
            FloatVector one = FloatVector.broadcast(F, 1f);
            one.div(exp(u).add(1f)).intoArray(dst, dstOff + i);
        }
        return end;
    }

    static int tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int end = len / L * L;
        for (int i = 0; i < end; i += L) {
            FloatVector x = FloatVector.fromArray(F, src, srcOff + i);
            FloatVector x2 = x.mul(x);
            FloatVector p = x2.fma(bc(Activations.T4), bc(Activations.T3))
                    .fma(x2, bc(Activations.T2))
                    .fma(x2, bc(Activations.T1))
                    .fma(x2, bc(Activations.T0));
            FloatVector small = p.fma(x2.mul(x), x);
            FloatVector ax = x.abs();
            FloatVector u = ax.min(Activations.TANH_CLAMP).mul(2f);
            FloatVector big = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(exp(u).add(1f)));
            big = big.blend(big.neg(), x.lt(0f));
            big.blend(small, ax.lt(Activations.TANH_SMALL)).intoArray(dst, dstOff + i);
        }
        return end;
    }

    static int relu(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int end = len / L * L;
        for (int i = 0; i < end; i += L) {
            FloatVector.fromArray(F, src, srcOff + i).max(0f).intoArray(dst, dstOff + i);
        }
        return end;
    }

    private static FloatVector bc(float v) {
        return FloatVector.broadcast(F, v);
    }

    /** e^u lane by lane for u in [EXP_LO, EXP_HI], exactly as {@link Activations#exp(float)}. */
    private static FloatVector exp(FloatVector u) {
        FloatVector z = u.fma(bc(Activations.LOG2E), bc(Activations.MAGIC));
        FloatVector n = z.sub(Activations.MAGIC);
        FloatVector r = n.fma(bc(-Activations.LN2_HI), u);
        r = n.fma(bc(-Activations.LN2_LO), r);
        FloatVector q = r.fma(bc(Activations.E4), bc(Activations.E3))
                .fma(r, bc(Activations.E2))
                .fma(r, bc(Activations.E1))
                .fma(r, bc(Activations.E0));
        FloatVector er = q.fma(r.mul(r), r).add(1f);
        IntVector bits = z.reinterpretAsInts().sub(Activations.MAGIC_BITS - 127)
                .lanewise(VectorOperators.LSHL, 23);
        return er.mul(bits.reinterpretAsFloats());
    }
}
