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

    @Override
    public void forward(CellStep s) {
        int n = s.n;
        int h = s.h;
        float[] g = s.gates;
        for (int r = 0; r < n; r++) {
            int gr = s.gatesOff + r * 4 * h; // (4H) row: i | f | g | o
            int sr = r * h;
            Activations.sigmoid(g, gr, 2 * h);      // i, f
            Activations.tanh(g, gr + 2 * h, h);     // g
            Activations.sigmoid(g, gr + 3 * h, h);  // o
            for (int j = 0; j < h; j++) {
                s.cs[s.cNext + sr + j] = g[gr + h + j] * s.cs[s.cPrev + sr + j] + g[gr + j] * g[gr + 2 * h + j];
            }
            Activations.tanh(s.cs, s.cNext + sr, s.aux, s.auxOff + sr, h);
            for (int j = 0; j < h; j++) {
                s.hs[s.hNext + sr + j] = g[gr + 3 * h + j] * s.aux[s.auxOff + sr + j];
            }
        }
    }

    @Override
    public void backward(CellStep s) {
        int n = s.n;
        int h = s.h;
        float[] g = s.gates;
        float[] dg = s.dGates;
        for (int r = 0; r < n; r++) {
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
