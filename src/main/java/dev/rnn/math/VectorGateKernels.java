package dev.rnn.math;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector bodies of {@link GateKernels}: whole vectors of each row, then the row's scalar tail,
 * with the same operations in the same order as the scalar code (mul and add, never fma), so
 * every element has the same bits either way. Loaded only when the Vector API module is present.
 * The tails are spelled out rather than shared, as in {@link VectorActivations}, so that each
 * method is compiled as a root of its own and keeps its vectors in registers.
 */
final class VectorGateKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private VectorGateKernels() {
    }

    static void lstmCell(int rows, int h, float[] g, int gOff, float[] cs, int cPrev, int cNext) {
        int hv = h / L * L;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * 4 * h;
            int sr = r * h;
            for (int j = 0; j < hv; j += L) {
                FloatVector gate = FloatVector.fromArray(F, g, gr + 2 * h + j).mul(2f).sub(1f);
                gate.intoArray(g, gr + 2 * h + j);
                FloatVector f = FloatVector.fromArray(F, g, gr + h + j);
                FloatVector i = FloatVector.fromArray(F, g, gr + j);
                f.mul(FloatVector.fromArray(F, cs, cPrev + sr + j)).add(i.mul(gate)).intoArray(cs, cNext + sr + j);
            }
            for (int j = hv; j < h; j++) {
                float gate = 2f * g[gr + 2 * h + j] - 1f;
                g[gr + 2 * h + j] = gate;
                cs[cNext + sr + j] = g[gr + h + j] * cs[cPrev + sr + j] + g[gr + j] * gate;
            }
        }
    }

    static void lstmBackward(int rows, int h, float[] g, int gOff, float[] tc, int tcOff,
                             float[] cs, int cPrev, float[] dh, int dhOff, float[] dc, int dcOff,
                             float[] dg, int dgOff) {
        int hv = h / L * L;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * 4 * h;
            int dr = dgOff + r * 4 * h;
            int sr = r * h;
            for (int j = 0; j < hv; j += L) {
                FloatVector i = FloatVector.fromArray(F, g, gr + j);
                FloatVector f = FloatVector.fromArray(F, g, gr + h + j);
                FloatVector gg = FloatVector.fromArray(F, g, gr + 2 * h + j);
                FloatVector o = FloatVector.fromArray(F, g, gr + 3 * h + j);
                FloatVector t = FloatVector.fromArray(F, tc, tcOff + sr + j);
                FloatVector dhj = FloatVector.fromArray(F, dh, dhOff + sr + j);
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector dcj = FloatVector.fromArray(F, dc, dcOff + sr + j)
                        .add(dhj.mul(o).mul(one.sub(t.mul(t))));
                dcj.mul(gg).mul(i).mul(one.sub(i)).intoArray(dg, dr + j);
                dcj.mul(FloatVector.fromArray(F, cs, cPrev + sr + j)).mul(f).mul(one.sub(f)).intoArray(dg, dr + h + j);
                dcj.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dg, dr + 2 * h + j);
                dhj.mul(t).mul(o).mul(one.sub(o)).intoArray(dg, dr + 3 * h + j);
                dcj.mul(f).intoArray(dc, dcOff + sr + j);
            }
            for (int j = hv; j < h; j++) {
                float i = g[gr + j];
                float f = g[gr + h + j];
                float gg = g[gr + 2 * h + j];
                float o = g[gr + 3 * h + j];
                float t = tc[tcOff + sr + j];
                float dhj = dh[dhOff + sr + j];
                float dcj = dc[dcOff + sr + j] + dhj * o * (1f - t * t);
                dg[dr + j] = dcj * gg * i * (1f - i);
                dg[dr + h + j] = dcj * cs[cPrev + sr + j] * f * (1f - f);
                dg[dr + 2 * h + j] = dcj * i * (1f - gg * gg);
                dg[dr + 3 * h + j] = dhj * t * o * (1f - o);
                dc[dcOff + sr + j] = dcj * f;
            }
        }
    }

    static void lstmNormOutputGrad(int rows, int h, float[] g, int gOff, float[] tn, int tnOff,
                                   float[] dh, int dhOff, float[] dy, int dyOff) {
        int hv = h / L * L;
        for (int r = 0; r < rows; r++) {
            int o = gOff + r * 4 * h + 3 * h;
            int sr = r * h;
            for (int j = 0; j < hv; j += L) {
                FloatVector t = FloatVector.fromArray(F, tn, tnOff + sr + j);
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector.fromArray(F, dh, dhOff + sr + j).mul(FloatVector.fromArray(F, g, o + j))
                        .mul(one.sub(t.mul(t))).intoArray(dy, dyOff + sr + j);
            }
            for (int j = hv; j < h; j++) {
                float t = tn[tnOff + sr + j];
                dy[dyOff + sr + j] = dh[dhOff + sr + j] * g[o + j] * (1f - t * t);
            }
        }
    }

    static void lstmNormGatesBackward(int rows, int h, float[] g, int gOff, float[] tn, int tnOff,
                                      float[] cs, int cPrev, float[] dh, int dhOff, float[] dc, int dcOff,
                                      float[] dg, int dgOff) {
        int hv = h / L * L;
        for (int r = 0; r < rows; r++) {
            int gr = gOff + r * 4 * h;
            int dr = dgOff + r * 4 * h;
            int sr = r * h;
            for (int j = 0; j < hv; j += L) {
                FloatVector i = FloatVector.fromArray(F, g, gr + j);
                FloatVector f = FloatVector.fromArray(F, g, gr + h + j);
                FloatVector gg = FloatVector.fromArray(F, g, gr + 2 * h + j);
                FloatVector o = FloatVector.fromArray(F, g, gr + 3 * h + j);
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector dcj = FloatVector.fromArray(F, dc, dcOff + sr + j);
                dcj.mul(gg).mul(i).mul(one.sub(i)).intoArray(dg, dr + j);
                dcj.mul(FloatVector.fromArray(F, cs, cPrev + sr + j)).mul(f).mul(one.sub(f)).intoArray(dg, dr + h + j);
                dcj.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dg, dr + 2 * h + j);
                FloatVector.fromArray(F, dh, dhOff + sr + j).mul(FloatVector.fromArray(F, tn, tnOff + sr + j))
                        .mul(o).mul(one.sub(o)).intoArray(dg, dr + 3 * h + j);
                dcj.mul(f).intoArray(dc, dcOff + sr + j);
            }
            for (int j = hv; j < h; j++) {
                float i = g[gr + j];
                float f = g[gr + h + j];
                float gg = g[gr + 2 * h + j];
                float o = g[gr + 3 * h + j];
                float dcj = dc[dcOff + sr + j];
                dg[dr + j] = dcj * gg * i * (1f - i);
                dg[dr + h + j] = dcj * cs[cPrev + sr + j] * f * (1f - f);
                dg[dr + 2 * h + j] = dcj * i * (1f - gg * gg);
                dg[dr + 3 * h + j] = dh[dhOff + sr + j] * tn[tnOff + sr + j] * o * (1f - o);
                dc[dcOff + sr + j] = dcj * f;
            }
        }
    }

    static void gruBackward(int rows, int h, float[] g, int gOff, float[] rec, int recOff,
                            float[] hPrev, int hPrevOff, float[] dh, int dhOff,
                            float[] dg, int dgOff, float[] dRec, int dRecOff,
                            float[] dhPrev, int dhPrevOff) {
        int hv = h / L * L;
        for (int row = 0; row < rows; row++) {
            int gr = gOff + row * 3 * h;
            int rr = recOff + row * 3 * h;
            int dr = dgOff + row * 3 * h;
            int dq = dRecOff + row * 3 * h;
            int sr = row * h;
            for (int j = 0; j < hv; j += L) {
                FloatVector r = FloatVector.fromArray(F, g, gr + j);
                FloatVector z = FloatVector.fromArray(F, g, gr + h + j);
                FloatVector nn = FloatVector.fromArray(F, g, gr + 2 * h + j);
                FloatVector dhj = FloatVector.fromArray(F, dh, dhOff + sr + j);
                FloatVector hp = FloatVector.fromArray(F, hPrev, hPrevOff + sr + j);
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector dnPre = dhj.mul(one.sub(z)).mul(one.sub(nn.mul(nn)));
                FloatVector drPre = dnPre.mul(FloatVector.fromArray(F, rec, rr + 2 * h + j)).mul(r).mul(one.sub(r));
                FloatVector dzPre = dhj.mul(hp.sub(nn)).mul(z).mul(one.sub(z));
                drPre.intoArray(dg, dr + j);
                dzPre.intoArray(dg, dr + h + j);
                dnPre.intoArray(dg, dr + 2 * h + j);
                drPre.intoArray(dRec, dq + j);
                dzPre.intoArray(dRec, dq + h + j);
                dnPre.mul(r).intoArray(dRec, dq + 2 * h + j);
                dhj.mul(z).intoArray(dhPrev, dhPrevOff + sr + j);
            }
            for (int j = hv; j < h; j++) {
                float r = g[gr + j];
                float z = g[gr + h + j];
                float nn = g[gr + 2 * h + j];
                float dhj = dh[dhOff + sr + j];
                float hp = hPrev[hPrevOff + sr + j];
                float dnPre = dhj * (1f - z) * (1f - nn * nn);
                float drPre = dnPre * rec[rr + 2 * h + j] * r * (1f - r);
                float dzPre = dhj * (hp - nn) * z * (1f - z);
                dg[dr + j] = drPre;
                dg[dr + h + j] = dzPre;
                dg[dr + 2 * h + j] = dnPre;
                dRec[dq + j] = drPre;
                dRec[dq + h + j] = dzPre;
                dRec[dq + 2 * h + j] = dnPre * r;
                dhPrev[dhPrevOff + sr + j] = dhj * z;
            }
        }
    }
}
