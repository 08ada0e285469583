package dev.rnn.cli;

import dev.rnn.math.JavaMatMul;
import dev.rnn.math.MatMul;

/** Chooses the matrix kernels for a thread count. */
final class Compute {
    private Compute() {
    }

    static MatMul matMul(int threads) {
        return new JavaMatMul();
    }
}
