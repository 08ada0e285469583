package dev.rnn.backend.kernels;

import static dev.rnn.backend.kernels.Lanes.F;
import static dev.rnn.backend.kernels.Lanes.L;
import static dev.rnn.backend.kernels.Lanes.mask;
import static dev.rnn.backend.kernels.Lanes.swap;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/** A·Bᵀ for 1 to 3 rows of A (a GEMV): dot products with B's rows, 4 rows of B at a time. */
final class DotRows {
    private DotRows() {
    }

    private static final VectorMask<Float> HALF = mask(L / 2);
    private static final VectorMask<Float> QUARTER = mask(Math.max(1, L / 4));
    private static final VectorShuffle<Float> SWAP_HALF = swap(L / 2);
    private static final VectorShuffle<Float> SWAP_QUARTER = swap(Math.max(1, L / 4));
    private static final VectorShuffle<Float> SWAP_EIGHTH = swap(Math.max(1, L / 8));
    private static final VectorShuffle<Float> SWAP_16TH = swap(Math.max(1, L / 16));

    /**
     * C[i][j0, j1) (+)= A row i · B rows [j0, j1)ᵀ for every i in [0, m). Each row of B is read as
     * one stream (four interleaved per-lane fma chains over its whole groups of 4L, then one chain
     * over its remaining whole vectors, summed (y0 + y1) + (y2 + y3)): one sequential stream at a
     * time is what the hardware prefetcher follows best, ~1.5x the bandwidth of four rows
     * interleaved (46 vs 30 GB/s on a 2048x512 GEMV from L3, measured). Then a fixed tree of
     * lanewise adds across the lanes of 4 rows at once, and a scalar fma chain over the last
     * k mod L elements. The last group of 4 repeats row j1-1 and keeps what is valid.
     */
    static void dotRows(int m, int j0, int j1, int k, float[] a, int aOff, float[] b, int bOff,
                        float[] c, int cOff, int n, boolean accumulate, Scratch s) {
        if (L < 4) {
            throw new IllegalStateException("vector kernels need at least 4 float lanes, have " + L);
        }
        int kv = k / L * L;
        int k4 = k / (4 * L) * (4 * L);
        float[] lanes = s.lanes;
        float[] rowSums = s.rowSums; // (4, L): each row's per-lane sums
        // lane holding the full sum of accumulator q after the tree: bit L/2 <- q&1, bit L/4 <- q>>1
        final int l1 = L / 2;
        final int l2 = L / 4;
        final int l3 = L / 2 + L / 4;
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            for (int j = j0; j < j1; j += 4) {
                int r = Math.min(4, j1 - j);
                int b0 = bOff + j * k;
                int b1 = bOff + Math.min(j + 1, j1 - 1) * k;
                int b2 = bOff + Math.min(j + 2, j1 - 1) * k;
                int b3 = bOff + Math.min(j + 3, j1 - 1) * k;
                for (int q = 0; q < 4; q++) {
                    int bq = bOff + Math.min(j + q, j1 - 1) * k;
                    FloatVector y0 = FloatVector.zero(F);
                    FloatVector y1 = y0;
                    FloatVector y2 = y0;
                    FloatVector y3 = y0;
                    int p = 0;
                    for (; p < k4; p += 4 * L) {
                        y0 = FloatVector.fromArray(F, a, ai + p).fma(FloatVector.fromArray(F, b, bq + p), y0);
                        y1 = FloatVector.fromArray(F, a, ai + p + L).fma(FloatVector.fromArray(F, b, bq + p + L), y1);
                        y2 = FloatVector.fromArray(F, a, ai + p + 2 * L).fma(FloatVector.fromArray(F, b, bq + p + 2 * L), y2);
                        y3 = FloatVector.fromArray(F, a, ai + p + 3 * L).fma(FloatVector.fromArray(F, b, bq + p + 3 * L), y3);
                    }
                    for (; p < kv; p += L) {
                        y0 = FloatVector.fromArray(F, a, ai + p).fma(FloatVector.fromArray(F, b, bq + p), y0);
                    }
                    y0.add(y1).add(y2.add(y3)).intoArray(rowSums, q * L);
                }
                FloatVector x0 = FloatVector.fromArray(F, rowSums, 0);
                FloatVector x1 = FloatVector.fromArray(F, rowSums, L);
                FloatVector x2 = FloatVector.fromArray(F, rowSums, 2 * L);
                FloatVector x3 = FloatVector.fromArray(F, rowSums, 3 * L);
                // the tree, spelled out (a helper taking vectors would box them if not inlined):
                // combine(x, y, d) = lanes with bit d clear: x[l] + x[l^d], set: y[l] + y[l^d]
                FloatVector u01 = x0.blend(x1, HALF).add(x1.blend(x0, HALF).rearrange(SWAP_HALF));
                FloatVector u23 = x2.blend(x3, HALF).add(x3.blend(x2, HALF).rearrange(SWAP_HALF));
                FloatVector t = u01.blend(u23, QUARTER).add(u23.blend(u01, QUARTER).rearrange(SWAP_QUARTER));
                if (L >= 8) {
                    t = t.add(t.rearrange(SWAP_EIGHTH));
                }
                if (L >= 16) {
                    t = t.add(t.rearrange(SWAP_16TH));
                }
                for (int d = 32; d <= L; d *= 2) { // wider than 512 bits: fold the rest
                    t = t.add(t.rearrange(swap(L / d)));
                }
                t.intoArray(lanes, 0);
                float s0 = lanes[0];
                float s1 = lanes[l1];
                float s2 = lanes[l2];
                float s3 = lanes[l3];
                for (int p = kv; p < k; p++) {
                    float ap = a[ai + p];
                    s0 = Math.fma(ap, b[b0 + p], s0);
                    s1 = Math.fma(ap, b[b1 + p], s1);
                    s2 = Math.fma(ap, b[b2 + p], s2);
                    s3 = Math.fma(ap, b[b3 + p], s3);
                }
                int ci = cOff + i * n + j;
                c[ci] = accumulate ? c[ci] + s0 : s0;
                if (r > 1) {
                    c[ci + 1] = accumulate ? c[ci + 1] + s1 : s1;
                }
                if (r > 2) {
                    c[ci + 2] = accumulate ? c[ci + 2] + s2 : s2;
                }
                if (r > 3) {
                    c[ci + 3] = accumulate ? c[ci + 3] + s3 : s3;
                }
            }
        }
    }
}
