package dev.rnn.math;

import java.lang.reflect.InvocationTargetException;

/**
 * Chooses the fastest {@link MatMul} this JVM can run: {@link VectorMatMul} when the JVM was
 * started with {@code --add-modules jdk.incubator.vector}, else {@link PlainMatMul} (plain Java that
 * C2 auto-vectorises, about a third of the speed). The vector class is loaded reflectively, so the
 * jar runs without the module.
 */
public final class MatMuls {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private MatMuls() {
    }

    /** True when the Vector API module is in the boot layer (the JVM got {@code --add-modules jdk.incubator.vector}). */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * The fastest implementation here, using up to {@code threads} threads (the caller included).
     * Either kind owns daemon threads when {@code threads > 1}; both are {@link AutoCloseable}.
     */
    public static MatMul best(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        if (vectorAvailable()) {
            return vector(threads);
        }
        return new PlainMatMul(threads);
    }

    /** A {@link VectorMatMul}; the Vector API module must be present. */
    static MatMul vector(int threads) {
        try {
            Class<?> type = Class.forName("dev.rnn.math.VectorMatMul");
            return (MatMul) type.getConstructor(int.class).newInstance(threads);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException("cannot create the vector kernels: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("cannot load the vector kernels although "
                    + VECTOR_MODULE + " is present: " + e, e);
        }
    }
}
