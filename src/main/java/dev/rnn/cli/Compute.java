package dev.rnn.cli;

import dev.rnn.math.MatMul;
import dev.rnn.math.MatMuls;

/** Chooses the matrix kernels for a thread count. */
final class Compute {
    private Compute() {
    }

    static MatMul matMul(int threads) {
        return MatMuls.best(threads);
    }
}
