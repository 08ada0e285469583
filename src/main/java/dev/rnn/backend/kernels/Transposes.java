package dev.rnn.backend.kernels;

import static dev.rnn.backend.kernels.Lanes.F;
import static dev.rnn.backend.kernels.Lanes.L;
import static dev.rnn.backend.kernels.Lanes.mask;
import static dev.rnn.backend.kernels.Lanes.swap;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/** Transposes for the kernels: whole matrices, and 16x16 blocks in registers (AVX-512). Exact copies. */
final class Transposes {
    private Transposes() {
    }

    /** dst (k, ldd), columns [0, rows) = src (rows, k)ᵀ, in 16x16 register blocks where possible. */
    static void transpose(float[] src, int srcOff, int rows, int k, float[] dst, int ldd) {
        transpose(src, srcOff, rows, k, dst, 0, ldd);
    }

    /** As {@link #transpose(float[], int, int, int, float[], int)}, into dst from {@code dstOff}. */
    static void transpose(float[] src, int srcOff, int rows, int k, float[] dst, int dstOff, int ldd) {
        int r16 = L == 16 ? rows / 16 * 16 : 0;
        int k16 = L == 16 ? k / 16 * 16 : 0;
        for (int r0 = 0; r0 < r16; r0 += 16) {
            for (int p0 = 0; p0 < k16; p0 += 16) {
                transpose16(src, srcOff + r0 * k + p0, k, dst, dstOff + p0 * ldd + r0, ldd, false);
            }
        }
        // the edges: rows past r16 for every p, and p past k16 for the first r16 rows
        for (int r = r16; r < rows; r++) {
            for (int p = 0, si = srcOff + r * k; p < k; p++) {
                dst[dstOff + p * ldd + r] = src[si + p];
            }
        }
        for (int p = k16; p < k; p++) {
            for (int r = 0; r < r16; r++) {
                dst[dstOff + p * ldd + r] = src[srcOff + r * k + p];
            }
        }
    }

    private static final VectorMask<Float> T_MASK8 = L == 16 ? mask(8) : null;
    private static final VectorMask<Float> T_MASK4 = L == 16 ? mask(4) : null;
    private static final VectorMask<Float> T_MASK2 = L == 16 ? mask(2) : null;
    private static final VectorMask<Float> T_MASK1 = L == 16 ? mask(1) : null;
    private static final VectorShuffle<Float> T_SWAP8 = L == 16 ? swap(8) : null;
    private static final VectorShuffle<Float> T_SWAP4 = L == 16 ? swap(4) : null;
    private static final VectorShuffle<Float> T_SWAP2 = L == 16 ? swap(2) : null;
    private static final VectorShuffle<Float> T_SWAP1 = L == 16 ? swap(1) : null;

    /**
     * dst[dOff + c*dStride + r] (+)= src[sOff + r*sStride + c] for r, c < 16: a 16x16 transpose
     * in registers (four butterfly stages of rearrange and blend). Only when L == 16.
     */
    static void transpose16(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride,
                            boolean add) {
        FloatVector r0 = FloatVector.fromArray(F, src, sOff + 0 * sStride);
        FloatVector r1 = FloatVector.fromArray(F, src, sOff + 1 * sStride);
        FloatVector r2 = FloatVector.fromArray(F, src, sOff + 2 * sStride);
        FloatVector r3 = FloatVector.fromArray(F, src, sOff + 3 * sStride);
        FloatVector r4 = FloatVector.fromArray(F, src, sOff + 4 * sStride);
        FloatVector r5 = FloatVector.fromArray(F, src, sOff + 5 * sStride);
        FloatVector r6 = FloatVector.fromArray(F, src, sOff + 6 * sStride);
        FloatVector r7 = FloatVector.fromArray(F, src, sOff + 7 * sStride);
        FloatVector r8 = FloatVector.fromArray(F, src, sOff + 8 * sStride);
        FloatVector r9 = FloatVector.fromArray(F, src, sOff + 9 * sStride);
        FloatVector r10 = FloatVector.fromArray(F, src, sOff + 10 * sStride);
        FloatVector r11 = FloatVector.fromArray(F, src, sOff + 11 * sStride);
        FloatVector r12 = FloatVector.fromArray(F, src, sOff + 12 * sStride);
        FloatVector r13 = FloatVector.fromArray(F, src, sOff + 13 * sStride);
        FloatVector r14 = FloatVector.fromArray(F, src, sOff + 14 * sStride);
        FloatVector r15 = FloatVector.fromArray(F, src, sOff + 15 * sStride);
        FloatVector u;
        u = r0.blend(r8.rearrange(T_SWAP8), T_MASK8);
        r8 = r0.rearrange(T_SWAP8).blend(r8, T_MASK8);
        r0 = u;
        u = r1.blend(r9.rearrange(T_SWAP8), T_MASK8);
        r9 = r1.rearrange(T_SWAP8).blend(r9, T_MASK8);
        r1 = u;
        u = r2.blend(r10.rearrange(T_SWAP8), T_MASK8);
        r10 = r2.rearrange(T_SWAP8).blend(r10, T_MASK8);
        r2 = u;
        u = r3.blend(r11.rearrange(T_SWAP8), T_MASK8);
        r11 = r3.rearrange(T_SWAP8).blend(r11, T_MASK8);
        r3 = u;
        u = r4.blend(r12.rearrange(T_SWAP8), T_MASK8);
        r12 = r4.rearrange(T_SWAP8).blend(r12, T_MASK8);
        r4 = u;
        u = r5.blend(r13.rearrange(T_SWAP8), T_MASK8);
        r13 = r5.rearrange(T_SWAP8).blend(r13, T_MASK8);
        r5 = u;
        u = r6.blend(r14.rearrange(T_SWAP8), T_MASK8);
        r14 = r6.rearrange(T_SWAP8).blend(r14, T_MASK8);
        r6 = u;
        u = r7.blend(r15.rearrange(T_SWAP8), T_MASK8);
        r15 = r7.rearrange(T_SWAP8).blend(r15, T_MASK8);
        r7 = u;
        u = r0.blend(r4.rearrange(T_SWAP4), T_MASK4);
        r4 = r0.rearrange(T_SWAP4).blend(r4, T_MASK4);
        r0 = u;
        u = r1.blend(r5.rearrange(T_SWAP4), T_MASK4);
        r5 = r1.rearrange(T_SWAP4).blend(r5, T_MASK4);
        r1 = u;
        u = r2.blend(r6.rearrange(T_SWAP4), T_MASK4);
        r6 = r2.rearrange(T_SWAP4).blend(r6, T_MASK4);
        r2 = u;
        u = r3.blend(r7.rearrange(T_SWAP4), T_MASK4);
        r7 = r3.rearrange(T_SWAP4).blend(r7, T_MASK4);
        r3 = u;
        u = r8.blend(r12.rearrange(T_SWAP4), T_MASK4);
        r12 = r8.rearrange(T_SWAP4).blend(r12, T_MASK4);
        r8 = u;
        u = r9.blend(r13.rearrange(T_SWAP4), T_MASK4);
        r13 = r9.rearrange(T_SWAP4).blend(r13, T_MASK4);
        r9 = u;
        u = r10.blend(r14.rearrange(T_SWAP4), T_MASK4);
        r14 = r10.rearrange(T_SWAP4).blend(r14, T_MASK4);
        r10 = u;
        u = r11.blend(r15.rearrange(T_SWAP4), T_MASK4);
        r15 = r11.rearrange(T_SWAP4).blend(r15, T_MASK4);
        r11 = u;
        u = r0.blend(r2.rearrange(T_SWAP2), T_MASK2);
        r2 = r0.rearrange(T_SWAP2).blend(r2, T_MASK2);
        r0 = u;
        u = r1.blend(r3.rearrange(T_SWAP2), T_MASK2);
        r3 = r1.rearrange(T_SWAP2).blend(r3, T_MASK2);
        r1 = u;
        u = r4.blend(r6.rearrange(T_SWAP2), T_MASK2);
        r6 = r4.rearrange(T_SWAP2).blend(r6, T_MASK2);
        r4 = u;
        u = r5.blend(r7.rearrange(T_SWAP2), T_MASK2);
        r7 = r5.rearrange(T_SWAP2).blend(r7, T_MASK2);
        r5 = u;
        u = r8.blend(r10.rearrange(T_SWAP2), T_MASK2);
        r10 = r8.rearrange(T_SWAP2).blend(r10, T_MASK2);
        r8 = u;
        u = r9.blend(r11.rearrange(T_SWAP2), T_MASK2);
        r11 = r9.rearrange(T_SWAP2).blend(r11, T_MASK2);
        r9 = u;
        u = r12.blend(r14.rearrange(T_SWAP2), T_MASK2);
        r14 = r12.rearrange(T_SWAP2).blend(r14, T_MASK2);
        r12 = u;
        u = r13.blend(r15.rearrange(T_SWAP2), T_MASK2);
        r15 = r13.rearrange(T_SWAP2).blend(r15, T_MASK2);
        r13 = u;
        u = r0.blend(r1.rearrange(T_SWAP1), T_MASK1);
        r1 = r0.rearrange(T_SWAP1).blend(r1, T_MASK1);
        r0 = u;
        u = r2.blend(r3.rearrange(T_SWAP1), T_MASK1);
        r3 = r2.rearrange(T_SWAP1).blend(r3, T_MASK1);
        r2 = u;
        u = r4.blend(r5.rearrange(T_SWAP1), T_MASK1);
        r5 = r4.rearrange(T_SWAP1).blend(r5, T_MASK1);
        r4 = u;
        u = r6.blend(r7.rearrange(T_SWAP1), T_MASK1);
        r7 = r6.rearrange(T_SWAP1).blend(r7, T_MASK1);
        r6 = u;
        u = r8.blend(r9.rearrange(T_SWAP1), T_MASK1);
        r9 = r8.rearrange(T_SWAP1).blend(r9, T_MASK1);
        r8 = u;
        u = r10.blend(r11.rearrange(T_SWAP1), T_MASK1);
        r11 = r10.rearrange(T_SWAP1).blend(r11, T_MASK1);
        r10 = u;
        u = r12.blend(r13.rearrange(T_SWAP1), T_MASK1);
        r13 = r12.rearrange(T_SWAP1).blend(r13, T_MASK1);
        r12 = u;
        u = r14.blend(r15.rearrange(T_SWAP1), T_MASK1);
        r15 = r14.rearrange(T_SWAP1).blend(r15, T_MASK1);
        r14 = u;
        if (add) {
            r0 = r0.add(FloatVector.fromArray(F, dst, dOff + 0 * dStride));
            r1 = r1.add(FloatVector.fromArray(F, dst, dOff + 1 * dStride));
            r2 = r2.add(FloatVector.fromArray(F, dst, dOff + 2 * dStride));
            r3 = r3.add(FloatVector.fromArray(F, dst, dOff + 3 * dStride));
            r4 = r4.add(FloatVector.fromArray(F, dst, dOff + 4 * dStride));
            r5 = r5.add(FloatVector.fromArray(F, dst, dOff + 5 * dStride));
            r6 = r6.add(FloatVector.fromArray(F, dst, dOff + 6 * dStride));
            r7 = r7.add(FloatVector.fromArray(F, dst, dOff + 7 * dStride));
            r8 = r8.add(FloatVector.fromArray(F, dst, dOff + 8 * dStride));
            r9 = r9.add(FloatVector.fromArray(F, dst, dOff + 9 * dStride));
            r10 = r10.add(FloatVector.fromArray(F, dst, dOff + 10 * dStride));
            r11 = r11.add(FloatVector.fromArray(F, dst, dOff + 11 * dStride));
            r12 = r12.add(FloatVector.fromArray(F, dst, dOff + 12 * dStride));
            r13 = r13.add(FloatVector.fromArray(F, dst, dOff + 13 * dStride));
            r14 = r14.add(FloatVector.fromArray(F, dst, dOff + 14 * dStride));
            r15 = r15.add(FloatVector.fromArray(F, dst, dOff + 15 * dStride));
        }
        r0.intoArray(dst, dOff + 0 * dStride);
        r1.intoArray(dst, dOff + 1 * dStride);
        r2.intoArray(dst, dOff + 2 * dStride);
        r3.intoArray(dst, dOff + 3 * dStride);
        r4.intoArray(dst, dOff + 4 * dStride);
        r5.intoArray(dst, dOff + 5 * dStride);
        r6.intoArray(dst, dOff + 6 * dStride);
        r7.intoArray(dst, dOff + 7 * dStride);
        r8.intoArray(dst, dOff + 8 * dStride);
        r9.intoArray(dst, dOff + 9 * dStride);
        r10.intoArray(dst, dOff + 10 * dStride);
        r11.intoArray(dst, dOff + 11 * dStride);
        r12.intoArray(dst, dOff + 12 * dStride);
        r13.intoArray(dst, dOff + 13 * dStride);
        r14.intoArray(dst, dOff + 14 * dStride);
        r15.intoArray(dst, dOff + 15 * dStride);
    }
}
