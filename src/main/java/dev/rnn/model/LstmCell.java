package dev.rnn.model;

import dev.rnn.math.Activations;

/**
 * LSTM gate math, PyTorch's equations and gate order (i, f, g, o):
 * c_t = f ⊙ c_{t-1} + i ⊙ g, h_t = o ⊙ tanh(c_t). Caches tanh(c_t) for the backward step.
 */
final class LstmCell implements Cell {

    @Override
    public int gates() {
        return 4;
    }

    @Override
    public boolean separateRecurrent() {
        return false;
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    public int auxWidth(int hidden) {
        return hidden;
    }

    /**
     * One sigmoid pass covers all four gates of all N rows, so it runs vectorised over the whole
     * (N, 4H) block: the g block is pre-scaled and mapped back with tanh(x) = 2σ(2x) − 1.
     */
    @Override
    public void forward(CellStep s, int from, int to) {
        int h = s.h;
        float[] g = s.gates;
        for (int r = from; r < to; r++) {
            int gg = s.gatesOff + r * 4 * h + 2 * h;
            for (int j = 0; j < h; j++) {
                g[gg + j] *= 2f;
            }
        }
        Activations.sigmoid(g, s.gatesOff + from * 4 * h, (to - from) * 4 * h); // (rows, 4H): i | f | 2σ(2g) | o
        for (int r = from; r < to; r++) {
            int gr = s.gatesOff + r * 4 * h;
            int sr = r * h;
            for (int j = 0; j < h; j++) {
                float gate = 2f * g[gr + 2 * h + j] - 1f; // tanh of the g pre-activation
                g[gr + 2 * h + j] = gate;
                s.cs[s.cNext + sr + j] = g[gr + h + j] * s.cs[s.cPrev + sr + j] + g[gr + j] * gate;
            }
        }
        Activations.tanh(s.cs, s.cNext + from * h, s.aux, s.auxOff + from * h, (to - from) * h); // (rows, H) tanh(c_t)
        for (int r = from; r < to; r++) {
            int o = s.gatesOff + r * 4 * h + 3 * h;
            int sr = r * h;
            for (int j = 0; j < h; j++) {
                s.hs[s.hNext + sr + j] = g[o + j] * s.aux[s.auxOff + sr + j];
            }
        }
    }

    @Override
    public void backward(CellStep s, int from, int to) {
        int h = s.h;
        float[] g = s.gates;
        float[] dg = s.dGates;
        for (int r = from; r < to; r++) {
            int gr = s.gatesOff + r * 4 * h;
            int dr = s.dGatesOff + r * 4 * h;
            int sr = r * h;
            for (int j = 0; j < h; j++) {
                float i = g[gr + j];
                float f = g[gr + h + j];
                float gg = g[gr + 2 * h + j];
                float o = g[gr + 3 * h + j];
                float tc = s.aux[s.auxOff + sr + j];
                float dh = s.dh[sr + j];
                float dc = s.dc[sr + j] + dh * o * (1f - tc * tc);
                dg[dr + j] = dc * gg * i * (1f - i);
                dg[dr + h + j] = dc * s.cs[s.cPrev + sr + j] * f * (1f - f);
                dg[dr + 2 * h + j] = dc * i * (1f - gg * gg);
                dg[dr + 3 * h + j] = dh * tc * o * (1f - o);
                s.dc[sr + j] = dc * f;
                s.dhPrev[sr + j] = 0f;
            }
        }
    }
}
