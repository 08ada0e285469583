package dev.rnn.model;

import dev.rnn.math.Activations;
import dev.rnn.math.GateKernels;
import java.util.Arrays;

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
        Activations.sigmoid(g, s.gatesOff + from * 4 * h, (to - from) * 4 * h); // (rows, 4H): i | f | σ(2x_g) | o
        // g = 2σ(2x_g) − 1 = tanh(x_g); c_t = f ⊙ c_{t-1} + i ⊙ g
        GateKernels.lstmCell(to - from, h, g, s.gatesOff + from * 4 * h, s.cs, s.cPrev + from * h, s.cNext + from * h);
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
        GateKernels.lstmBackward(to - from, h, s.gates, s.gatesOff + from * 4 * h, s.aux, s.auxOff + from * h,
                s.cs, s.cPrev + from * h, s.dh, from * h, s.dc, from * h, s.dGates, s.dGatesOff + from * 4 * h);
        Arrays.fill(s.dhPrev, from * h, to * h, 0f); // every path from h_{t-1} runs through W_hh
    }
}
