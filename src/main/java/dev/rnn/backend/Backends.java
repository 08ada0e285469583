package dev.rnn.backend;

import dev.rnn.backend.kernels.MatMul;
import dev.rnn.backend.kernels.PlainMatMul;
import dev.rnn.math.VectorApi;
import java.lang.reflect.InvocationTargetException;

/**
 * Chooses the fastest kernels this JVM can run: the Vector API ones when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else plain Java that C2 auto-vectorises (about a
 * third of the speed). The vector class is loaded reflectively, so the jar runs without the module.
 */
public final class Backends {
    private Backends() {
    }

    /**
     * The fastest backend here, with up to {@code threads} threads (the caller included), never
     * more than this machine's cores: a thread beyond them only waits for a core, and every
     * thread count gives the same bits.
     */
    public static Backend best(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        return new Backend(kernels(Math.min(threads, cores())));
    }

    /** The machine's cores as the JVM sees them (its CPU affinity and container limits included). */
    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The fastest product kernels with exactly {@code threads} threads. */
    static MatMul kernels(int threads) {
        return VectorApi.available() ? vector(threads) : new PlainMatMul(threads);
    }

    /** The Vector API kernels; the module must be present. */
    public static MatMul vector(int threads) {
        try {
            Class<?> type = Class.forName("dev.rnn.backend.kernels.VectorMatMul");
            return (MatMul) type.getConstructor(int.class).newInstance(threads);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("cannot create the vector kernels: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector kernels although "
                    + "jdk.incubator.vector is present: " + e, e);
        }
    }
}
