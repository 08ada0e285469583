package dev.rnn.model;

import dev.rnn.backend.Backend;
import dev.rnn.backend.Prepared;
import dev.rnn.math.Elementwise;
import dev.rnn.math.Mat;
import dev.rnn.math.Param;
import java.util.List;

/** The linear decoder H → V applied to every row at once: logits = X · Wᵀ + b. */
final class Decoder {
    private final int v;
    final Param weight; // (V, H)
    final Param bias;   // (V)

    Decoder(int hidden, int vocab) {
        this.v = vocab;
        this.weight = Param.matrix("decoder.weight", vocab, hidden);
        this.bias = Param.vector("decoder.bias", vocab);
    }

    List<Param> params() {
        return List.of(weight, bias);
    }

    /** logits (rows, V) = X (rows, H) · Wᵀ + b, with W as {@code w} prepared it. */
    void forward(Mat x, Prepared w, Mat logits, Backend be) {
        be.multTransB(x, w, logits);
        Elementwise.addRowVector(logits.data(), logits.offset(), logits.rows(), v, bias.value().data, 0);
    }

    /** Accumulates dW, db; writes dX (rows, H) = dLogits (rows, V) · W (V, H). */
    void backward(Mat x, Mat dLogits, Mat dx, Backend be) {
        be.multAddTransA(dLogits, x, weight.gradMat()); // (V, H) += dLogitsᵀ · X
        Elementwise.addColumnSums(dLogits.data(), dLogits.offset(), dLogits.rows(), v, bias.grad().data, 0);
        be.mult(dLogits, weight.mat(), dx);             // (rows, H) = dLogits · W
    }
}
