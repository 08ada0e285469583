package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernels behind {@link VectorMatMul}, on the JDK's incubating Vector
 * API. Only {@link VectorMatMul} calls them, after checking every bound.
 *
 * <p>Summation order: every kernel except {@link #dotRows} computes each output element as one
 * fused multiply-add chain over p = 0 .. k-1 in order, starting from C (accumulate) or from 0:
 * {@code acc = fma(A(i,p), B(p,j), acc)}. Vector lanes and scalar tails do exactly that, so the
 * bits do not depend on the tiling, the thread split or the JIT state (lanewise fma and
 * {@link Math#fma} are both exactly rounded). {@link #dotRows} (the GEMV path of A·Bᵀ) sums
 * per-lane fma chains with a fixed tree of lanewise adds, again independent of the split.
 *
 * <p>Addressing: A(i, p) = a[aOff + i*ars + p*acs] (so the same kernel serves A and Aᵀ),
 * B(p, j) = b[bOff + p*brs + j], C(i, j) = c[cOff + i*crs + j]; B and C rows are contiguous.
 * Masked loads and stores are avoided: on JDK 17 they cost 40 to 700 ns each.
 */
final class VectorKernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();

    /** Depth of one pass over k: the (KC, 4L) panel of B a 4-row tile streams stays in L1. */
    static final int KC = 128;
    /** Rows of A per pass: the (MC, KC) panel of A stays in L2. */
    static final int MC = 256;
    /** Rows of A per pass when B's panels are packed: each panel is copied once per pass. */
    static final int MC_PACKED = 512;
    /** From this many rows a panel of B is worth copying to contiguous scratch (~0.5 % of the work at 256). */
    static final int PACK_MIN_ROWS = 256;

    private VectorKernels() {
    }

    /** Per-part work buffers, grown on demand and reused: no allocation in steady state. */
    static final class Scratch {
        float[] panel = new float[0]; // (KC, L) B's column tail, zero-padded
        float[] tile = new float[0];  // a C tile kept apart: (4, L) column tail or (4, mp) Cᵀ tile
        float[] bt = new float[0];    // (k, w) this part's slice of Bᵀ
        float[] bPanel = new float[0]; // (KC, 4L) a panel of B, contiguous
        final float[] lanes = new float[Math.max(L, 4)];
        final float[] rowSums = new float[4 * L];

        float[] panel(int size) {
            if (panel.length < size) {
                panel = new float[size];
            }
            return panel;
        }

        float[] bPanel(int size) {
            if (bPanel.length < size) {
                bPanel = new float[size];
            }
            return bPanel;
        }

        float[] bt(int size) {
            if (bt.length < size) {
                bt = new float[size];
            }
            return bt;
        }

        float[] tile(int size) {
            if (tile.length < size) {
                tile = new float[size];
            }
            return tile;
        }
    }

    // ---------------------------------------------------------------------------------------
    // GEMM driver: C[i0, i1) x [j0, j1) (+)= A · B over p in [0, k)

    static void gemm(int i0, int i1, int j0, int j1, int k,
                     float[] a, int aOff, int ars, int acs,
                     float[] b, int bOff, int brs,
                     float[] c, int cOff, int crs, boolean accumulate, Scratch s) {
        if (i0 >= i1 || j0 >= j1) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(c, cOff + i * crs + j0, cOff + i * crs + j1, 0f);
                }
            }
            return;
        }
        int jv = j0 + (j1 - j0) / L * L; // columns [j0, jv) in whole vectors, [jv, j1) the tail
        boolean pack = i1 - i0 >= PACK_MIN_ROWS;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int p1 = Math.min(k, p0 + KC);
            boolean load = accumulate || p0 > 0;
            if (pack) {
                // each (kc, nv*L) panel of B copied to contiguous scratch once and used by every
                // row: B's own rows are often 2^k floats apart, which maps a panel onto a few L1 sets
                int kc = p1 - p0;
                float[] pb = s.bPanel(kc * 4 * L);
                for (int ib = i0; ib < i1; ib += MC_PACKED) {
                    int ie = Math.min(i1, ib + MC_PACKED);
                    for (int j = j0; j < jv; j += 4 * L) {
                        int nv = Math.min(4, (jv - j) / L);
                        int w = nv * L;
                        for (int p = 0; p < kc; p++) {
                            System.arraycopy(b, bOff + (p0 + p) * brs + j, pb, p * w, w);
                        }
                        rows(nv, ib, ie, j, p0, p1, a, aOff, ars, acs, pb, 0, w, c, cOff, crs, load);
                    }
                    if (jv < j1) {
                        columnTail(ib, ie, jv, j1 - jv, p0, p1, a, aOff, ars, acs, b, bOff, brs, c, cOff, crs, load, s);
                    }
                }
                continue;
            }
            for (int ib = i0; ib < i1; ib += MC) {
                int ie = Math.min(i1, ib + MC);
                int bi = bOff + p0 * brs;
                int j = j0;
                for (; j + 4 * L <= jv; j += 4 * L) {
                    rows(4, ib, ie, j, p0, p1, a, aOff, ars, acs, b, bi + j, brs, c, cOff, crs, load);
                }
                if (j < jv) {
                    rows((jv - j) / L, ib, ie, j, p0, p1, a, aOff, ars, acs, b, bi + j, brs, c, cOff, crs, load);
                }
                if (jv < j1) {
                    columnTail(ib, ie, jv, j1 - jv, p0, p1, a, aOff, ars, acs, b, bOff, brs, c, cOff, crs, load, s);
                }
            }
        }
    }

    /**
     * Rows [ib, ie) of the nv-vector-wide column block at C column j, for p in [p0, p1); bi is the
     * index of B(p0, j), B's rows brs apart.
     */
    private static void rows(int nv, int ib, int ie, int j, int p0, int p1,
                             float[] a, int aOff, int ars, int acs,
                             float[] b, int bi, int brs,
                             float[] c, int cOff, int crs, boolean load) {
        int i = ib;
        for (; i + 4 <= ie; i += 4) {
            int ai = aOff + i * ars + p0 * acs;
            int ci = cOff + i * crs + j;
            switch (nv) {
                case 4: k4x4(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs); break;
                case 3: k4x3(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs); break;
                case 2: k4x2(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs); break;
                default: k4x1(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs); break;
            }
        }
        if (nv == 4 && ie - i >= 2) {
            int ai = aOff + i * ars + p0 * acs;
            int ci = cOff + i * crs + j;
            if (ie - i == 3) {
                k3x4(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs);
            } else {
                k2x4(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs);
            }
            i = ie;
        }
        for (; i < ie; i++) {
            int ai = aOff + i * ars + p0 * acs;
            int ci = cOff + i * crs + j;
            if (nv == 4) {
                k1x4(load, p1 - p0, a, ai, acs, b, bi, brs, c, ci);
            } else {
                for (int v = 0; v < nv; v++) {
                    k1x1(load, p1 - p0, a, ai, acs, b, bi + v * L, brs, c, ci + v * L);
                }
            }
        }
    }

    /**
     * C[i0, i1) x [0, 4L) (+)= A · B for one full panel of {@link VectorMatMul#pack}'s layout: B
     * (k, 4L) contiguous from bOff, A row-major with rows ars apart. The same fma chains as
     * {@link #gemm}.
     */
    static void gemmPanel(int i0, int i1, int k, float[] a, int aOff, int ars, float[] b, int bOff,
                          float[] c, int cOff, int crs, boolean accumulate, Scratch s) {
        int w = 4 * L;
        if (k == 0) {
            gemm(i0, i1, 0, w, k, a, aOff, ars, 1, b, bOff, w, c, cOff, crs, accumulate, s);
            return;
        }
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(k, p0 + KC) - p0;
            boolean load = accumulate || p0 > 0;
            int bi = bOff + p0 * w;
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                k4x4p(load, kc, a, aOff + i * ars + p0, ars, b, bi, c, cOff + i * crs, crs);
            }
            int ai = aOff + i * ars + p0;
            int ci = cOff + i * crs;
            switch (i1 - i) {
                case 3: k3x4(load, kc, a, ai, ars, 1, b, bi, w, c, ci, crs); break;
                case 2: k2x4(load, kc, a, ai, ars, 1, b, bi, w, c, ci, crs); break;
                case 1: k1x4(load, kc, a, ai, 1, b, bi, w, c, ci); break;
                default: break;
            }
        }
    }

    /**
     * The last w < L columns: B's columns are packed zero-padded to a full vector and C's go
     * through a (4, L) tile, so the vector kernels never read or write past a row.
     */
    private static void columnTail(int ib, int ie, int j, int w, int p0, int p1,
                                   float[] a, int aOff, int ars, int acs,
                                   float[] b, int bOff, int brs,
                                   float[] c, int cOff, int crs, boolean load, Scratch s) {
        int kc = p1 - p0;
        float[] pb = s.panel(kc * L); // (kc, L)
        for (int p = 0; p < kc; p++) {
            System.arraycopy(b, bOff + (p0 + p) * brs + j, pb, p * L, w);
            java.util.Arrays.fill(pb, p * L + w, p * L + L, 0f);
        }
        float[] t = s.tile(4 * L); // (4, L)
        for (int i = ib; i < ie; i += 4) {
            int r = Math.min(4, ie - i);
            for (int q = 0; q < r; q++) {
                int ci = cOff + (i + q) * crs + j;
                if (load) {
                    System.arraycopy(c, ci, t, q * L, w);
                } else {
                    java.util.Arrays.fill(t, q * L, q * L + w, 0f);
                }
            }
            int ai = aOff + i * ars + p0 * acs;
            if (r == 4) {
                k4x1(true, kc, a, ai, ars, acs, pb, 0, L, t, 0, L);
            } else {
                for (int q = 0; q < r; q++) {
                    k1x1(true, kc, a, ai + q * ars, acs, pb, 0, L, t, q * L);
                }
            }
            for (int q = 0; q < r; q++) {
                System.arraycopy(t, q * L, c, cOff + (i + q) * crs + j, w);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // A·Bᵀ for few rows of A: Cᵀ (n, m) = B (n, k) · Aᵀ (k, mp), with Aᵀ packed by the caller

    /** Columns of C per Cᵀ tile in {@link #gemmTransposedOutput}: one cache line of each C row. */
    static final int JG = 16;

    /**
     * C[0, m) x [j0, j1) (+)= A · Bᵀ, through Cᵀ = B · Aᵀ: the rows of B (C's columns) are the
     * broadcast side and {@code at} (k, mp), Aᵀ zero-padded to mp = a multiple of L columns, the
     * vector side. Each group of JG columns of C is summed from zero in a (JG, mp) Cᵀ tile, then
     * transposed and added to C: so here an element is C + (its fma chain from 0), not the
     * chain from C.
     */
    static void gemmTransposedOutput(int m, int mp, int j0, int j1, int k, float[] at,
                                     float[] b, int bOff, float[] c, int cOff, int n,
                                     boolean accumulate, Scratch s) {
        float[] t = s.tile(JG * mp);
        for (int j = j0; j < j1; j += JG) {
            int w = Math.min(JG, j1 - j);
            int q = 0;
            for (; q + 4 <= w; q += 4) {
                int bj = bOff + (j + q) * k;
                int tq = q * mp;
                int i = 0;
                for (; i + 4 * L <= mp; i += 4 * L) {
                    k4x4(false, k, b, bj, k, 1, at, i, mp, t, tq + i, mp);
                }
                switch ((mp - i) / L) {
                    case 3: k4x3(false, k, b, bj, k, 1, at, i, mp, t, tq + i, mp); break;
                    case 2: k4x2(false, k, b, bj, k, 1, at, i, mp, t, tq + i, mp); break;
                    case 1: k4x1(false, k, b, bj, k, 1, at, i, mp, t, tq + i, mp); break;
                    default: break;
                }
            }
            for (; q < w; q++) {
                int bj = bOff + (j + q) * k;
                int tq = q * mp;
                int i = 0;
                for (; i + 4 * L <= mp; i += 4 * L) {
                    k1x4(false, k, b, bj, 1, at, i, mp, t, tq + i);
                }
                for (; i < mp; i += L) {
                    k1x1(false, k, b, bj, 1, at, i, mp, t, tq + i);
                }
            }
            // C[i][j + q] (+)= t[q][i]
            int i = 0;
            if (L == 16 && w == 16) {
                for (; i + 16 <= m; i += 16) {
                    transpose16(t, i, mp, c, cOff + i * n + j, n, accumulate);
                }
            }
            for (int ci = cOff + i * n + j; i < m; i++, ci += n) {
                for (int qq = 0; qq < w; qq++) {
                    float v = t[qq * mp + i];
                    c[ci + qq] = accumulate ? c[ci + qq] + v : v;
                }
            }
        }
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

    // ---------------------------------------------------------------------------------------
    // A·Bᵀ for 1 to 3 rows of A (GEMV): dot products, 4 rows of B at a time

    private static final VectorMask<Float> HALF = mask(L / 2);
    private static final VectorMask<Float> QUARTER = mask(Math.max(1, L / 4));
    private static final VectorShuffle<Float> SWAP_HALF = swap(L / 2);
    private static final VectorShuffle<Float> SWAP_QUARTER = swap(Math.max(1, L / 4));
    private static final VectorShuffle<Float> SWAP_EIGHTH = swap(Math.max(1, L / 8));
    private static final VectorShuffle<Float> SWAP_16TH = swap(Math.max(1, L / 16));

    private static VectorMask<Float> mask(int d) {
        boolean[] bits = new boolean[L];
        for (int l = 0; l < L; l++) {
            bits[l] = (l & d) != 0;
        }
        return VectorMask.fromArray(F, bits, 0);
    }

    private static VectorShuffle<Float> swap(int d) {
        int[] idx = new int[L];
        for (int l = 0; l < L; l++) {
            idx[l] = l ^ d;
        }
        return VectorShuffle.fromArray(F, idx, 0);
    }

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

    // ---------------------------------------------------------------------------------------
    // Micro-kernels: C tile (rows x nv vectors) (+)= Σ_{p < kc} A(r, p) · B(p, :), each lane an
    // fma chain in p order. load: start from the C tile, else from zero.

    static void k4x4(boolean load, int kc, float[] a, int ai, int ars, int acs,
                     float[] b, int bi, int brs, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + crs;
        int c2 = c1 + crs;
        int c3 = c2 + crs;
        FloatVector x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23, x30, x31, x32, x33;
        if (load) {
            x00 = FloatVector.fromArray(F, c, c0);
            x01 = FloatVector.fromArray(F, c, c0 + L);
            x02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            x03 = FloatVector.fromArray(F, c, c0 + 3 * L);
            x10 = FloatVector.fromArray(F, c, c1);
            x11 = FloatVector.fromArray(F, c, c1 + L);
            x12 = FloatVector.fromArray(F, c, c1 + 2 * L);
            x13 = FloatVector.fromArray(F, c, c1 + 3 * L);
            x20 = FloatVector.fromArray(F, c, c2);
            x21 = FloatVector.fromArray(F, c, c2 + L);
            x22 = FloatVector.fromArray(F, c, c2 + 2 * L);
            x23 = FloatVector.fromArray(F, c, c2 + 3 * L);
            x30 = FloatVector.fromArray(F, c, c3);
            x31 = FloatVector.fromArray(F, c, c3 + L);
            x32 = FloatVector.fromArray(F, c, c3 + 2 * L);
            x33 = FloatVector.fromArray(F, c, c3 + 3 * L);
        } else {
            x00 = FloatVector.zero(F);
            x01 = x00; x02 = x00; x03 = x00;
            x10 = x00; x11 = x00; x12 = x00; x13 = x00;
            x20 = x00; x21 = x00; x22 = x00; x23 = x00;
            x30 = x00; x31 = x00; x32 = x00; x33 = x00;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x00 = av.fma(b0, x00);
            x01 = av.fma(b1, x01);
            x02 = av.fma(b2, x02);
            x03 = av.fma(b3, x03);
            av = FloatVector.broadcast(F, a[ai + ars]);
            x10 = av.fma(b0, x10);
            x11 = av.fma(b1, x11);
            x12 = av.fma(b2, x12);
            x13 = av.fma(b3, x13);
            av = FloatVector.broadcast(F, a[ai + 2 * ars]);
            x20 = av.fma(b0, x20);
            x21 = av.fma(b1, x21);
            x22 = av.fma(b2, x22);
            x23 = av.fma(b3, x23);
            av = FloatVector.broadcast(F, a[ai + 3 * ars]);
            x30 = av.fma(b0, x30);
            x31 = av.fma(b1, x31);
            x32 = av.fma(b2, x32);
            x33 = av.fma(b3, x33);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
        x33.intoArray(c, c3 + 3 * L);
    }

    /**
     * {@link #k4x4} for {@link #gemmPanel}: A's rows contiguous (acs = 1) and B a packed panel
     * (rows 4L apart). Its own method, so its compiled code and profile are its own: with
     * gemmPanel calling the shared k4x4 instead, 3 of 6 JVM starts ran every k4x4 caller about
     * 17x slower from the kernel's recompile on (LSTM 2x512: ~200 instead of ~3,500 chars/s;
     * JDK 17, JFR). With k4x4p, 0 of 14.
     */
    static void k4x4p(boolean load, int kc, float[] a, int ai, int ars,
                      float[] b, int bi, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + crs;
        int c2 = c1 + crs;
        int c3 = c2 + crs;
        FloatVector x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23, x30, x31, x32, x33;
        if (load) {
            x00 = FloatVector.fromArray(F, c, c0);
            x01 = FloatVector.fromArray(F, c, c0 + L);
            x02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            x03 = FloatVector.fromArray(F, c, c0 + 3 * L);
            x10 = FloatVector.fromArray(F, c, c1);
            x11 = FloatVector.fromArray(F, c, c1 + L);
            x12 = FloatVector.fromArray(F, c, c1 + 2 * L);
            x13 = FloatVector.fromArray(F, c, c1 + 3 * L);
            x20 = FloatVector.fromArray(F, c, c2);
            x21 = FloatVector.fromArray(F, c, c2 + L);
            x22 = FloatVector.fromArray(F, c, c2 + 2 * L);
            x23 = FloatVector.fromArray(F, c, c2 + 3 * L);
            x30 = FloatVector.fromArray(F, c, c3);
            x31 = FloatVector.fromArray(F, c, c3 + L);
            x32 = FloatVector.fromArray(F, c, c3 + 2 * L);
            x33 = FloatVector.fromArray(F, c, c3 + 3 * L);
        } else {
            x00 = FloatVector.zero(F);
            x01 = x00; x02 = x00; x03 = x00;
            x10 = x00; x11 = x00; x12 = x00; x13 = x00;
            x20 = x00; x21 = x00; x22 = x00; x23 = x00;
            x30 = x00; x31 = x00; x32 = x00; x33 = x00;
        }
        for (int q = 0; q < kc; q++, ai++, bi += 4 * L) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x00 = av.fma(b0, x00);
            x01 = av.fma(b1, x01);
            x02 = av.fma(b2, x02);
            x03 = av.fma(b3, x03);
            av = FloatVector.broadcast(F, a[ai + ars]);
            x10 = av.fma(b0, x10);
            x11 = av.fma(b1, x11);
            x12 = av.fma(b2, x12);
            x13 = av.fma(b3, x13);
            av = FloatVector.broadcast(F, a[ai + 2 * ars]);
            x20 = av.fma(b0, x20);
            x21 = av.fma(b1, x21);
            x22 = av.fma(b2, x22);
            x23 = av.fma(b3, x23);
            av = FloatVector.broadcast(F, a[ai + 3 * ars]);
            x30 = av.fma(b0, x30);
            x31 = av.fma(b1, x31);
            x32 = av.fma(b2, x32);
            x33 = av.fma(b3, x33);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x23.intoArray(c, c2 + 3 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
        x33.intoArray(c, c3 + 3 * L);
    }

    static void k4x3(boolean load, int kc, float[] a, int ai, int ars, int acs,
                     float[] b, int bi, int brs, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + crs;
        int c2 = c1 + crs;
        int c3 = c2 + crs;
        FloatVector x00, x01, x02, x10, x11, x12, x20, x21, x22, x30, x31, x32;
        if (load) {
            x00 = FloatVector.fromArray(F, c, c0);
            x01 = FloatVector.fromArray(F, c, c0 + L);
            x02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            x10 = FloatVector.fromArray(F, c, c1);
            x11 = FloatVector.fromArray(F, c, c1 + L);
            x12 = FloatVector.fromArray(F, c, c1 + 2 * L);
            x20 = FloatVector.fromArray(F, c, c2);
            x21 = FloatVector.fromArray(F, c, c2 + L);
            x22 = FloatVector.fromArray(F, c, c2 + 2 * L);
            x30 = FloatVector.fromArray(F, c, c3);
            x31 = FloatVector.fromArray(F, c, c3 + L);
            x32 = FloatVector.fromArray(F, c, c3 + 2 * L);
        } else {
            x00 = FloatVector.zero(F);
            x01 = x00; x02 = x00;
            x10 = x00; x11 = x00; x12 = x00;
            x20 = x00; x21 = x00; x22 = x00;
            x30 = x00; x31 = x00; x32 = x00;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x00 = av.fma(b0, x00);
            x01 = av.fma(b1, x01);
            x02 = av.fma(b2, x02);
            av = FloatVector.broadcast(F, a[ai + ars]);
            x10 = av.fma(b0, x10);
            x11 = av.fma(b1, x11);
            x12 = av.fma(b2, x12);
            av = FloatVector.broadcast(F, a[ai + 2 * ars]);
            x20 = av.fma(b0, x20);
            x21 = av.fma(b1, x21);
            x22 = av.fma(b2, x22);
            av = FloatVector.broadcast(F, a[ai + 3 * ars]);
            x30 = av.fma(b0, x30);
            x31 = av.fma(b1, x31);
            x32 = av.fma(b2, x32);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
        x32.intoArray(c, c3 + 2 * L);
    }

    static void k4x2(boolean load, int kc, float[] a, int ai, int ars, int acs,
                     float[] b, int bi, int brs, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + crs;
        int c2 = c1 + crs;
        int c3 = c2 + crs;
        FloatVector x00, x01, x10, x11, x20, x21, x30, x31;
        if (load) {
            x00 = FloatVector.fromArray(F, c, c0);
            x01 = FloatVector.fromArray(F, c, c0 + L);
            x10 = FloatVector.fromArray(F, c, c1);
            x11 = FloatVector.fromArray(F, c, c1 + L);
            x20 = FloatVector.fromArray(F, c, c2);
            x21 = FloatVector.fromArray(F, c, c2 + L);
            x30 = FloatVector.fromArray(F, c, c3);
            x31 = FloatVector.fromArray(F, c, c3 + L);
        } else {
            x00 = FloatVector.zero(F);
            x01 = x00;
            x10 = x00; x11 = x00;
            x20 = x00; x21 = x00;
            x30 = x00; x31 = x00;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x00 = av.fma(b0, x00);
            x01 = av.fma(b1, x01);
            av = FloatVector.broadcast(F, a[ai + ars]);
            x10 = av.fma(b0, x10);
            x11 = av.fma(b1, x11);
            av = FloatVector.broadcast(F, a[ai + 2 * ars]);
            x20 = av.fma(b0, x20);
            x21 = av.fma(b1, x21);
            av = FloatVector.broadcast(F, a[ai + 3 * ars]);
            x30 = av.fma(b0, x30);
            x31 = av.fma(b1, x31);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x30.intoArray(c, c3);
        x31.intoArray(c, c3 + L);
    }

    static void k4x1(boolean load, int kc, float[] a, int ai, int ars, int acs,
                     float[] b, int bi, int brs, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + crs;
        int c2 = c1 + crs;
        int c3 = c2 + crs;
        FloatVector x0, x1, x2, x3;
        if (load) {
            x0 = FloatVector.fromArray(F, c, c0);
            x1 = FloatVector.fromArray(F, c, c1);
            x2 = FloatVector.fromArray(F, c, c2);
            x3 = FloatVector.fromArray(F, c, c3);
        } else {
            x0 = FloatVector.zero(F);
            x1 = x0;
            x2 = x0;
            x3 = x0;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            x0 = FloatVector.broadcast(F, a[ai]).fma(b0, x0);
            x1 = FloatVector.broadcast(F, a[ai + ars]).fma(b0, x1);
            x2 = FloatVector.broadcast(F, a[ai + 2 * ars]).fma(b0, x2);
            x3 = FloatVector.broadcast(F, a[ai + 3 * ars]).fma(b0, x3);
        }
        x0.intoArray(c, c0);
        x1.intoArray(c, c1);
        x2.intoArray(c, c2);
        x3.intoArray(c, c3);
    }

    /**
     * Two and three rows by four vectors: the last rows of a block whose row count is not a
     * multiple of 4 (N = 50 = 12·4 + 2), each loading the B panel once for all its rows instead
     * of once per row as {@link #k1x4} does (measured per row: k1x4 ~3x the time of k4x4, and a
     * 5-row tile, tried instead, 1.7x at H = 512 where it seemed to run out of registers).
     * Same fma chain per element.
     */
    static void k2x4(boolean load, int kc, float[] a, int ai, int ars, int acs,
                     float[] b, int bi, int brs, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + 1 * crs;
        FloatVector x00, x01, x02, x03, x10, x11, x12, x13;
        if (load) {
            x00 = FloatVector.fromArray(F, c, c0);
            x01 = FloatVector.fromArray(F, c, c0 + L);
            x02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            x03 = FloatVector.fromArray(F, c, c0 + 3 * L);
            x10 = FloatVector.fromArray(F, c, c1);
            x11 = FloatVector.fromArray(F, c, c1 + L);
            x12 = FloatVector.fromArray(F, c, c1 + 2 * L);
            x13 = FloatVector.fromArray(F, c, c1 + 3 * L);
        } else {
            x00 = FloatVector.zero(F);
            x01 = x00; x02 = x00; x03 = x00; x10 = x00;
            x11 = x00; x12 = x00; x13 = x00;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x00 = av.fma(b0, x00);
            x01 = av.fma(b1, x01);
            x02 = av.fma(b2, x02);
            x03 = av.fma(b3, x03);
            av = FloatVector.broadcast(F, a[ai + ars]);
            x10 = av.fma(b0, x10);
            x11 = av.fma(b1, x11);
            x12 = av.fma(b2, x12);
            x13 = av.fma(b3, x13);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x13.intoArray(c, c1 + 3 * L);
    }

    static void k3x4(boolean load, int kc, float[] a, int ai, int ars, int acs,
                     float[] b, int bi, int brs, float[] c, int ci, int crs) {
        int c0 = ci;
        int c1 = ci + 1 * crs;
        int c2 = ci + 2 * crs;
        FloatVector x00, x01, x02, x03, x10, x11, x12, x13, x20, x21, x22, x23;
        if (load) {
            x00 = FloatVector.fromArray(F, c, c0);
            x01 = FloatVector.fromArray(F, c, c0 + L);
            x02 = FloatVector.fromArray(F, c, c0 + 2 * L);
            x03 = FloatVector.fromArray(F, c, c0 + 3 * L);
            x10 = FloatVector.fromArray(F, c, c1);
            x11 = FloatVector.fromArray(F, c, c1 + L);
            x12 = FloatVector.fromArray(F, c, c1 + 2 * L);
            x13 = FloatVector.fromArray(F, c, c1 + 3 * L);
            x20 = FloatVector.fromArray(F, c, c2);
            x21 = FloatVector.fromArray(F, c, c2 + L);
            x22 = FloatVector.fromArray(F, c, c2 + 2 * L);
            x23 = FloatVector.fromArray(F, c, c2 + 3 * L);
        } else {
            x00 = FloatVector.zero(F);
            x01 = x00; x02 = x00; x03 = x00; x10 = x00;
            x11 = x00; x12 = x00; x13 = x00; x20 = x00;
            x21 = x00; x22 = x00; x23 = x00;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector b0 = FloatVector.fromArray(F, b, bi);
            FloatVector b1 = FloatVector.fromArray(F, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(F, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(F, b, bi + 3 * L);
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x00 = av.fma(b0, x00);
            x01 = av.fma(b1, x01);
            x02 = av.fma(b2, x02);
            x03 = av.fma(b3, x03);
            av = FloatVector.broadcast(F, a[ai + ars]);
            x10 = av.fma(b0, x10);
            x11 = av.fma(b1, x11);
            x12 = av.fma(b2, x12);
            x13 = av.fma(b3, x13);
            av = FloatVector.broadcast(F, a[ai + 2 * ars]);
            x20 = av.fma(b0, x20);
            x21 = av.fma(b1, x21);
            x22 = av.fma(b2, x22);
            x23 = av.fma(b3, x23);
        }
        x00.intoArray(c, c0);
        x01.intoArray(c, c0 + L);
        x02.intoArray(c, c0 + 2 * L);
        x03.intoArray(c, c0 + 3 * L);
        x10.intoArray(c, c1);
        x11.intoArray(c, c1 + L);
        x12.intoArray(c, c1 + 2 * L);
        x13.intoArray(c, c1 + 3 * L);
        x20.intoArray(c, c2);
        x21.intoArray(c, c2 + L);
        x22.intoArray(c, c2 + 2 * L);
        x23.intoArray(c, c2 + 3 * L);
    }

    static void k1x4(boolean load, int kc, float[] a, int ai, int acs,
                     float[] b, int bi, int brs, float[] c, int ci) {
        FloatVector x0, x1, x2, x3;
        if (load) {
            x0 = FloatVector.fromArray(F, c, ci);
            x1 = FloatVector.fromArray(F, c, ci + L);
            x2 = FloatVector.fromArray(F, c, ci + 2 * L);
            x3 = FloatVector.fromArray(F, c, ci + 3 * L);
        } else {
            x0 = FloatVector.zero(F);
            x1 = x0;
            x2 = x0;
            x3 = x0;
        }
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            FloatVector av = FloatVector.broadcast(F, a[ai]);
            x0 = av.fma(FloatVector.fromArray(F, b, bi), x0);
            x1 = av.fma(FloatVector.fromArray(F, b, bi + L), x1);
            x2 = av.fma(FloatVector.fromArray(F, b, bi + 2 * L), x2);
            x3 = av.fma(FloatVector.fromArray(F, b, bi + 3 * L), x3);
        }
        x0.intoArray(c, ci);
        x1.intoArray(c, ci + L);
        x2.intoArray(c, ci + 2 * L);
        x3.intoArray(c, ci + 3 * L);
    }

    static void k1x1(boolean load, int kc, float[] a, int ai, int acs,
                     float[] b, int bi, int brs, float[] c, int ci) {
        FloatVector x0 = load ? FloatVector.fromArray(F, c, ci) : FloatVector.zero(F);
        for (int q = 0; q < kc; q++, ai += acs, bi += brs) {
            x0 = FloatVector.broadcast(F, a[ai]).fma(FloatVector.fromArray(F, b, bi), x0);
        }
        x0.intoArray(c, ci);
    }
}
