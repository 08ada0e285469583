package dev.rnn.model;

import dev.rnn.math.Elementwise;
import dev.rnn.math.MatMul;
import dev.rnn.math.Param;
import java.util.List;

/** The linear decoder H → V applied to every row at once: logits = X · Wᵀ + b. */
final class Decoder {
    private final int h;
    private final int v;
    final Param weight; // (V, H)
    final Param bias;   // (V)

    Decoder(int hidden, int vocab) {
        this.h = hidden;
        this.v = vocab;
        this.weight = Param.matrix("decoder.weight", vocab, hidden);
        this.bias = Param.vector("decoder.bias", vocab);
    }

    List<Param> params() {
        return List.of(weight, bias);
    }

    /** logits (rows, V) = X (rows, H) · Wᵀ + b. */
    void forward(int rows, float[] x, int xOff, float[] logits, MatMul mm) {
        mm.multTransB(rows, h, v, x, xOff, weight.value().data, 0, logits, 0, false);
        Elementwise.addRowVector(logits, 0, rows, v, bias.value().data, 0);
    }

    /** Accumulates dW, db; writes dX (rows, H) = dLogits (rows, V) · W (V, H). */
    void backward(int rows, float[] x, int xOff, float[] dLogits, float[] dx, MatMul mm) {
        // (V, H) += dLogitsᵀ · X
        mm.multTransA(v, rows, h, dLogits, 0, x, xOff, weight.grad().data, 0, true);
        Elementwise.addColumnSums(dLogits, 0, rows, v, bias.grad().data, 0);
        mm.mult(rows, v, h, dLogits, 0, weight.value().data, 0, dx, 0, false);
    }
}
