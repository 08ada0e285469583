package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector bodies of {@link Elementwise}'s row operations: lanewise adds, so the bits equal the
 * scalar loops'. HotSpot does not auto-vectorise those loops reliably when both operands may be
 * the same array at different offsets (measured: addColumnSums ran at ~2 GFLOP/s).
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorElementwise() {
    }

    static void addRowVector(float[] x, int xOff, int rows, int n, float[] bias, int biasOff) {
        int nv = n / L * L;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            for (int j = 0; j < nv; j += L) {
                FloatVector.fromArray(F, x, xr + j).add(FloatVector.fromArray(F, bias, biasOff + j)).intoArray(x, xr + j);
            }
            for (int j = nv; j < n; j++) {
                x[xr + j] += bias[biasOff + j];
            }
        }
    }

    static void addColumnSums(float[] x, int xOff, int rows, int n, float[] out, int outOff) {
        // row by row, so X streams through once and out stays in L1 (a column at a time read X
        // n/L times: ~10x slower on a (2500, 512) block)
        int nv = n / L * L;
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * n;
            for (int j = 0; j < nv; j += L) {
                FloatVector.fromArray(F, out, outOff + j).add(FloatVector.fromArray(F, x, xr + j)).intoArray(out, outOff + j);
            }
            for (int j = nv; j < n; j++) {
                out[outOff + j] += x[xr + j];
            }
        }
    }

    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        int nv = len / L * L;
        for (int i = 0; i < nv; i += L) {
            FloatVector.fromArray(F, a, aOff + i).add(FloatVector.fromArray(F, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (int i = nv; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }
}
