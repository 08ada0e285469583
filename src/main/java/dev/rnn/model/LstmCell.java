package dev.rnn.model;

import dev.rnn.math.Activations;
import dev.rnn.math.GateKernels;
import dev.rnn.math.LayerNorm;
import java.util.Arrays;

/**
 * LSTM gate math, PyTorch's equations and gate order (i, f, g, o):
 * c_t = f ⊙ c_{t-1} + i ⊙ g, h_t = o ⊙ tanh(c_t). Caches tanh(c_t) for the backward step.
 * With layer norm (Ba et al. 2016 §3.1) h_t = o ⊙ tanh(LN(c_t)) and the carried state stays the
 * un-normalised c_t; then it caches tanh(LN(c_t)), ĉ_t and the row's rstd.
 */
final class LstmCell implements Cell {
    private final boolean layerNorm;

    LstmCell() {
        this(false);
    }

    LstmCell(boolean layerNorm) {
        this.layerNorm = layerNorm;
    }

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
        if (layerNorm) {
            LayerNorm.forward(s.cs, s.cNext + from * h, to - from, h, s.cGain, s.cBias, s.cHat, s.cHatOff + from * h,
                    s.cRstd, s.cRstdOff + from, s.aux, s.auxOff + from * h, false); // ĉ_t, then γ ⊙ ĉ_t + β into aux
            Activations.tanh(s.aux, s.auxOff + from * h, (to - from) * h); // (rows, H) tanh(γ ⊙ ĉ_t + β)
        } else {
            Activations.tanh(s.cs, s.cNext + from * h, s.aux, s.auxOff + from * h, (to - from) * h); // (rows, H) tanh(c_t)
        }
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
        if (layerNorm) {
            backwardNormalised(s, from, to);
            return;
        }
        int h = s.h;
        GateKernels.lstmBackward(to - from, h, s.gates, s.gatesOff + from * 4 * h, s.aux, s.auxOff + from * h,
                s.cs, s.cPrev + from * h, s.dh, from * h, s.dc, from * h, s.dGates, s.dGatesOff + from * 4 * h);
        Arrays.fill(s.dhPrev, from * h, to * h, 0f); // every path from h_{t-1} runs through W_hh
    }

    /**
     * The layer-normalised step: dL/dy for y = γ ⊙ ĉ_t + β (kept in dcNorm), dL/dc_t += the
     * norm's backward of it, then the gates as in the plain step with that dL/dc_t.
     */
    private static void backwardNormalised(CellStep s, int from, int to) {
        int h = s.h;
        int rows = to - from;
        int gOff = s.gatesOff + from * 4 * h;
        GateKernels.lstmNormOutputGrad(rows, h, s.gates, gOff, s.aux, s.auxOff + from * h, s.dh, from * h,
                s.dcNorm, s.dcNormOff + from * h);
        LayerNorm.backward(s.dcNorm, s.dcNormOff + from * h, s.cHat, s.cHatOff + from * h, s.cRstd, s.cRstdOff + from,
                rows, h, s.cGain, s.dc, from * h, true); // dL/dc_t = from step t+1 + through the norm
        GateKernels.lstmNormGatesBackward(rows, h, s.gates, gOff, s.aux, s.auxOff + from * h, s.cs, s.cPrev + from * h,
                s.dh, from * h, s.dc, from * h, s.dGates, s.dGatesOff + from * 4 * h);
        Arrays.fill(s.dhPrev, from * h, to * h, 0f);
    }
}
