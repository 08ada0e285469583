package dev.rnn.backend.kernels;

import static dev.rnn.backend.kernels.Lanes.L;

/**
 * The blocked product drivers behind {@link VectorMatMul} (JDK's incubating Vector API), over
 * the micro-kernels in {@link Tiles}. Only {@link VectorMatMul} calls them, after checking every bound.
 *
 * <p>Summation order: every kernel except {@link DotRows#dotRows} computes each output element as one
 * fused multiply-add chain over p = 0 .. k-1 in order, starting from C (accumulate) or from 0:
 * {@code acc = fma(A(i,p), B(p,j), acc)}. Vector lanes and scalar tails do exactly that, so the
 * bits do not depend on the tiling, the thread split or the JIT state (lanewise fma and
 * {@link Math#fma} are both exactly rounded). {@link DotRows#dotRows} (the GEMV path of A·Bᵀ) sums
 * per-lane fma chains with a fixed tree of lanewise adds, again independent of the split.
 *
 * <p>Addressing: A(i, p) = a[aOff + i*ars + p*acs] (so the same kernel serves A and Aᵀ),
 * B(p, j) = b[bOff + p*brs + j], C(i, j) = c[cOff + i*crs + j]; B and C rows are contiguous.
 * Masked loads and stores are avoided: on JDK 17 they cost 40 to 700 ns each.
 */
final class VectorGemm {
    /** Depth of one pass over k: the (KC, 4L) panel of B a 4-row tile streams stays in L1. */
    static final int KC = 128;
    /** Rows of A per pass: the (MC, KC) panel of A stays in L2. */
    static final int MC = 256;
    /** Rows of A per pass when B's panels are packed: each panel is copied once per pass. */
    static final int MC_PACKED = 512;
    /** From this many rows a panel of B is worth copying to contiguous scratch (~0.5 % of the work at 256). */
    static final int PACK_MIN_ROWS = 256;

    private VectorGemm() {
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
            if (nv == 4) {
                Tiles.k4x4(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs);
            } else { // a narrower last block (n mod 4L >= L): cold in the model's shapes
                for (int v = 0; v < nv; v++) {
                    Tiles.k4x1(load, p1 - p0, a, ai, ars, acs, b, bi + v * L, brs, c, ci + v * L, crs);
                }
            }
        }
        if (nv == 4 && ie - i >= 2) {
            int ai = aOff + i * ars + p0 * acs;
            int ci = cOff + i * crs + j;
            if (ie - i == 3) {
                Tiles.k3x4(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs);
            } else {
                Tiles.k2x4(load, p1 - p0, a, ai, ars, acs, b, bi, brs, c, ci, crs);
            }
            i = ie;
        }
        for (; i < ie; i++) {
            int ai = aOff + i * ars + p0 * acs;
            int ci = cOff + i * crs + j;
            if (nv == 4) {
                Tiles.k1x4(load, p1 - p0, a, ai, acs, b, bi, brs, c, ci);
            } else {
                for (int v = 0; v < nv; v++) {
                    Tiles.k1x1(load, p1 - p0, a, ai, acs, b, bi + v * L, brs, c, ci + v * L);
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
                Tiles.k4x4p(load, kc, a, aOff + i * ars + p0, ars, b, bi, c, cOff + i * crs, crs);
            }
            int ai = aOff + i * ars + p0;
            int ci = cOff + i * crs;
            switch (i1 - i) {
                case 3: Tiles.k3x4(load, kc, a, ai, ars, 1, b, bi, w, c, ci, crs); break;
                case 2: Tiles.k2x4(load, kc, a, ai, ars, 1, b, bi, w, c, ci, crs); break;
                case 1: Tiles.k1x4(load, kc, a, ai, 1, b, bi, w, c, ci); break;
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
                Tiles.k4x1(true, kc, a, ai, ars, acs, pb, 0, L, t, 0, L);
            } else {
                for (int q = 0; q < r; q++) {
                    Tiles.k1x1(true, kc, a, ai + q * ars, acs, pb, 0, L, t, q * L);
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
                    Tiles.k4x4(false, k, b, bj, k, 1, at, i, mp, t, tq + i, mp);
                }
                for (; i < mp; i += L) {
                    Tiles.k4x1(false, k, b, bj, k, 1, at, i, mp, t, tq + i, mp);
                }
            }
            for (; q < w; q++) {
                int bj = bOff + (j + q) * k;
                int tq = q * mp;
                int i = 0;
                for (; i + 4 * L <= mp; i += 4 * L) {
                    Tiles.k1x4(false, k, b, bj, 1, at, i, mp, t, tq + i);
                }
                for (; i < mp; i += L) {
                    Tiles.k1x1(false, k, b, bj, 1, at, i, mp, t, tq + i);
                }
            }
            // C[i][j + q] (+)= t[q][i]
            int i = 0;
            if (L == 16 && w == 16) {
                for (; i + 16 <= m; i += 16) {
                    Transposes.transpose16(t, i, mp, c, cOff + i * n + j, n, accumulate);
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
}
