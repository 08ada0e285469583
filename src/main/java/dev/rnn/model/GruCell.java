package dev.rnn.model;

import dev.rnn.math.Activations;
import dev.rnn.math.GateKernels;

/**
 * GRU gate math, PyTorch's equations and gate order (r, z, n):
 * n = tanh(x_n + r ⊙ (W_hn h + b_hn)), h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}. The recurrent
 * pre-activations stay apart because r multiplies only their n block.
 */
final class GruCell implements Cell {

    @Override
    public int gates() {
        return 3;
    }

    @Override
    public boolean separateRecurrent() {
        return true;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public int auxWidth(int hidden) {
        return hidden; // n's pre-activation, then n
    }

    /**
     * The nonlinearities run over whole (N, ·) blocks so they vectorise: one sigmoid pass over
     * all three gate blocks (the n block's result is discarded; its input pre-activation is kept
     * in aux first), then one tanh pass over n's pre-activations gathered in aux.
     */
    @Override
    public void forward(CellStep s, int from, int to) {
        int h = s.h;
        float[] g = s.gates;
        float[] rec = s.rec;
        float[] aux = s.aux;
        for (int row = from; row < to; row++) {
            int gr = s.gatesOff + row * 3 * h; // (3H) row: r | z | n
            int rr = s.recOff + row * 3 * h;
            for (int j = 0; j < 2 * h; j++) {
                g[gr + j] += rec[rr + j];
            }
            System.arraycopy(g, gr + 2 * h, aux, s.auxOff + row * h, h); // x_n
        }
        Activations.sigmoid(g, s.gatesOff + from * 3 * h, (to - from) * 3 * h); // r, z (n block overwritten below)
        for (int row = from; row < to; row++) {
            int gr = s.gatesOff + row * 3 * h;
            int rr = s.recOff + row * 3 * h;
            int ar = s.auxOff + row * h;
            for (int j = 0; j < h; j++) {
                aux[ar + j] += g[gr + j] * rec[rr + 2 * h + j]; // x_n + r ⊙ (W_hn h + b_hn)
            }
        }
        Activations.tanh(aux, s.auxOff + from * h, (to - from) * h); // (rows, H) n
        for (int row = from; row < to; row++) {
            int gr = s.gatesOff + row * 3 * h;
            int ar = s.auxOff + row * h;
            int sr = row * h;
            for (int j = 0; j < h; j++) {
                float z = g[gr + h + j];
                float nn = aux[ar + j];
                g[gr + 2 * h + j] = nn;
                s.hs[s.hNext + sr + j] = (1f - z) * nn + z * s.hs[s.hPrev + sr + j];
            }
        }
    }

    @Override
    public void backward(CellStep s, int from, int to) {
        int h = s.h;
        GateKernels.gruBackward(to - from, h, s.gates, s.gatesOff + from * 3 * h, s.rec, s.recOff + from * 3 * h,
                s.hs, s.hPrev + from * h, s.dh, from * h, s.dGates, s.dGatesOff + from * 3 * h,
                s.dRec, s.dRecOff + from * 3 * h, s.dhPrev, from * h);
    }
}
