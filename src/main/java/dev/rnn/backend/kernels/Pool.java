package dev.rnn.backend.kernels;

import dev.rnn.backend.Parallel;

/**
 * The threads one family of kernels splits its work over: the caller plus {@code threads - 1}
 * persistent workers ({@link Workers}), shared by the products and, through {@link #parallel()},
 * the gate math between them. Any thread may call at any time: a call that finds the workers busy
 * with another caller's job runs all its parts itself, with the same bits.
 */
final class Pool implements AutoCloseable {
    private final int threads;
    private final Workers workers; // null with one thread
    private final Parallel parallel;

    Pool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        this.threads = threads;
        this.workers = threads > 1 ? new Workers(threads - 1, name) : null;
        this.parallel = workers == null ? Parallel.SERIAL : new PoolParallel(this, threads);
    }

    int threads() {
        return threads;
    }

    Parallel parallel() {
        return parallel;
    }

    /** Runs parts 0 .. parts-1 of {@code job}; returns when all are done. */
    void run(Workers.Job job, int parts) {
        if (parts == 1 || workers == null || !workers.tryRun(job, parts)) {
            for (int p = 0; p < parts; p++) {
                job.run(p);
            }
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }
}
