package dev.rnn.cli;

import dev.rnn.backend.Backend;
import dev.rnn.backend.Backends;

/** Chooses the compute backend for a thread count. */
final class Compute {
    private Compute() {
    }

    static Backend backend(int threads) {
        return Backends.best(threads);
    }
}
