package dev.rnn.backend.kernels;

import dev.rnn.backend.Parallel;
import java.util.function.Supplier;

/**
 * What the kernel families share: a {@link Pool} of threads, a product record per calling thread
 * (so any threads may call at once), and the hand-off of a product split into parts.
 */
abstract class PooledMatMul<P extends Product> implements MatMul, AutoCloseable {
    /**
     * Products below this many flops (2mkn, ~3 µs of work) run on the calling thread alone; a
     * hand-off to a spinning worker costs ~0.5 µs (measured, JDK 17).
     */
    static final long PARALLEL_MIN_FLOPS = 250_000;

    final int threads;
    private final long parallelMinFlops;
    private final Pool pool;
    private final ThreadLocal<P> products;

    PooledMatMul(int threads, long parallelMinFlops, String threadName, Supplier<P> newProduct) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        this.threads = threads;
        this.parallelMinFlops = parallelMinFlops;
        this.pool = new Pool(threads, threadName);
        this.products = ThreadLocal.withInitial(newProduct);
    }

    /** Number of threads a product may use, the caller included. */
    public final int threads() {
        return threads;
    }

    @Override
    public final Parallel parallel() {
        return pool.parallel();
    }

    /** Stops the worker threads (they are daemons, so this is optional at exit). */
    @Override
    public final void close() {
        pool.close();
    }

    /** The calling thread's product record. */
    final P product() {
        return products.get();
    }

    /** Runs a product split by rows or columns of C in blocks of {@code unit}. */
    final void run(int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
                   boolean accumulate, boolean byRows, int unit) {
        if (m == 0 || n == 0) {
            return;
        }
        P p = products.get();
        p.set(op, m, k, n, a, aOff, b, bOff, c, cOff, accumulate);
        p.split(byRows, unit, threads, parallelMinFlops);
        try {
            pool.run(p, p.parts);
        } finally {
            p.release();
        }
    }
}
