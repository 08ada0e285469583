package dev.rnn.model;

import dev.rnn.math.Activations;

/** Elman RNN gate math: h_t = tanh or relu(W_ih x + b_ih + W_hh h_{t-1} + b_hh). */
final class RnnCell implements Cell {
    private final boolean relu;

    RnnCell(Nonlinearity nonlinearity) {
        this.relu = nonlinearity == Nonlinearity.RELU;
    }

    @Override
    public int gates() {
        return 1;
    }

    @Override
    public boolean separateRecurrent() {
        return false;
    }

    @Override
    public boolean hasCellState() {
        return false;
    }

    @Override
    public int auxWidth(int hidden) {
        return 0;
    }

    @Override
    public void forward(CellStep s, int from, int to) {
        int off = from * s.h;
        int len = (to - from) * s.h;
        if (relu) {
            Activations.relu(s.gates, s.gatesOff + off, len);
        } else {
            Activations.tanh(s.gates, s.gatesOff + off, len);
        }
        System.arraycopy(s.gates, s.gatesOff + off, s.hs, s.hNext + off, len);
    }

    @Override
    public void backward(CellStep s, int from, int to) {
        for (int i = from * s.h; i < to * s.h; i++) {
            float y = s.gates[s.gatesOff + i];
            float slope = relu ? (y > 0f ? 1f : 0f) : 1f - y * y;
            s.dGates[s.dGatesOff + i] = s.dh[i] * slope;
            s.dhPrev[i] = 0f;
        }
    }
}
