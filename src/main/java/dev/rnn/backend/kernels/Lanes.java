package dev.rnn.backend.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The float vector species the kernels use (the widest this CPU has) and the lane masks and shuffles they share. */
final class Lanes {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector: 16 with AVX-512. */
    static final int L = F.length();

    private Lanes() {
    }

    static VectorMask<Float> mask(int d) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    static VectorShuffle<Float> swap(int d) {
        int[] idx = new int[L];
        for (int l = 0; l < L; l++) {
            idx[l] = l ^ d;
        }
        return VectorShuffle.fromArray(F, idx, 0);
    }
}
