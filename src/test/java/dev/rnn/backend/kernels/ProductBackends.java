package dev.rnn.backend.kernels;

import dev.rnn.backend.Backend;
import java.util.List;
import java.util.function.Supplier;

/**
 * The backends the model tests run through, in one list: the two references (plain loops, EJML)
 * and every backend the product can pick ({@link dev.rnn.backend.Backends#best}: the Vector API
 * kernels when the JVM has the module, as surefire's does; the plain-Java ones when it has not),
 * each with 1 and 2 threads. The fixtures' products are far below the size at which a product is
 * split ({@code PARALLEL_MIN_FLOPS}), so each fast backend also appears with 2 threads splitting
 * every product, however small.
 */
public final class ProductBackends {
    private ProductBackends() {
    }

    /** A named way to make a backend; close what it makes. */
    public record Case(String name, Supplier<Backend> factory) {
        public Backend create() {
            return factory.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public static List<Case> all() {
        return List.of(
                new Case("JavaMatMul", () -> new Backend(new JavaMatMul())),
                new Case("EjmlMatMul", () -> new Backend(new EjmlMatMul())),
                new Case("VectorMatMul 1 thread", () -> new Backend(new VectorMatMul(1))),
                new Case("VectorMatMul 2 threads", () -> new Backend(new VectorMatMul(2))),
                new Case("VectorMatMul 2 threads splitting every product", () -> new Backend(new VectorMatMul(2, 0))),
                new Case("PlainMatMul 1 thread", () -> new Backend(new PlainMatMul(1))),
                new Case("PlainMatMul 2 threads", () -> new Backend(new PlainMatMul(2))),
                new Case("PlainMatMul 2 threads splitting every product", () -> new Backend(new PlainMatMul(2, 0))));
    }
}
