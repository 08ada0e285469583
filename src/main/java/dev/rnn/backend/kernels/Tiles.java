package dev.rnn.backend.kernels;

import static dev.rnn.backend.kernels.Lanes.F;
import static dev.rnn.backend.kernels.Lanes.L;

import jdk.incubator.vector.FloatVector;

/**
 * Micro-kernels: a C tile of r rows by nv vectors (+)= Σ_{p < kc} A(r, p) · B(p, :), each lane
 * one fma chain in p order; {@code load}: start from the C tile, else from zero. Addressing as in
 * {@link VectorGemm}: A(i, p) = a[ai + i*ars + p*acs], B(p, j) = b[bi + p*brs + j], C(i, j) = c[ci + i*crs + j].
 * Each tile is spelled out so its accumulators stay in registers; narrower column blocks loop over
 * {@link #k4x1}, and rows past the last whole 4 use {@link #k3x4}, {@link #k2x4} or {@link #k1x4}.
 *
 * <p>Known on JDK 17: in about 1 JVM start of 8, GRU 2x256 at 1 thread trains ~10x slower for the
 * whole run: C2 compiled k4x4/k4x4p with the 16 stores after the loop un-intrinsified (the
 * accumulators, typed only as FloatVector after the loop, boxed). Storing -0 + x, a do-while or
 * storing inside the last iteration each cost LSTM 2x256 15-25 % or worse (commit log).
 */
final class Tiles {
    private Tiles() {
    }

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
