package dev.rnn.backend;

import dev.rnn.backend.kernels.EjmlMatMul;
import dev.rnn.backend.kernels.JavaMatMul;
import dev.rnn.backend.kernels.PlainMatMul;

/** The backends tests run the model on: the oracles (plain loops, EJML) and every one the product can pick. */
public final class TestBackends {
    private TestBackends() {
    }

    /** Plain single-threaded loops: the simplest oracle. */
    public static Backend java() {
        return new Backend(new JavaMatMul());
    }

    /** EJML's own products: the trusted oracle. */
    public static Backend ejml() {
        return new Backend(new EjmlMatMul());
    }

    /** The plain-Java kernels the product falls back to without the Vector API, with {@code threads} threads. */
    public static Backend plain(int threads) {
        return new Backend(new PlainMatMul(threads));
    }

    /** The Vector API kernels with exactly {@code threads} threads (not capped at the cores). */
    public static Backend vector(int threads) {
        return new Backend(Backends.vector(threads));
    }
}
