package dev.rnn.math;

import java.util.List;
import java.util.function.Supplier;

/**
 * The matrix-product backends the model tests run through, in one list: the two references
 * (plain loops, EJML) and every backend the product can pick ({@link MatMuls#best}:
 * {@link VectorMatMul} when the JVM has the Vector API module, as surefire's does;
 * {@link PlainMatMul} when it has not), each with 1 and 2 threads. The fixtures' products are far
 * below the size at which a product is split ({@code PARALLEL_MIN_FLOPS}), so each fast backend
 * also appears with 2 threads splitting every product, however small.
 */
public final class ProductBackends {
    private ProductBackends() {
    }

    /** A named way to make a backend; close what it makes with {@link #close}. */
    public record Case(String name, Supplier<MatMul> factory) {
        public MatMul create() {
            return factory.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Case> all() {
        return List.of(
                new Case("JavaMatMul", JavaMatMul::new),
                new Case("EjmlMatMul", EjmlMatMul::new),
                new Case("VectorMatMul 1 thread", () -> new VectorMatMul(1)),
                new Case("VectorMatMul 2 threads", () -> new VectorMatMul(2)),
                new Case("VectorMatMul 2 threads splitting every product", () -> new VectorMatMul(2, 0)),
                new Case("PlainMatMul 1 thread", () -> new PlainMatMul(1)),
                new Case("PlainMatMul 2 threads", () -> new PlainMatMul(2)),
                new Case("PlainMatMul 2 threads splitting every product", () -> new PlainMatMul(2, 0)));
    }

    /** Stops a backend's worker threads, if it has any. */
    public static void close(MatMul mm) {
        if (mm instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + mm.name() + ": " + e, e);
            }
        }
    }
}
