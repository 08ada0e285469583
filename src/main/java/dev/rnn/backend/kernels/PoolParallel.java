package dev.rnn.backend.kernels;

import dev.rnn.backend.Parallel;

/** {@link Parallel} on the {@link Pool} of a kernel family, so products and gate math share threads. */
final class PoolParallel implements Parallel {
    private final Pool pool;
    private final int threads;
    private final ThreadLocal<RangeJob> jobs = ThreadLocal.withInitial(RangeJob::new); // one per caller

    PoolParallel(Pool pool, int threads) {
        this.pool = pool;
        this.threads = threads;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void forRanges(int rows, Range body) {
        int parts = Math.min(threads, rows);
        if (parts <= 1) {
            body.run(0, rows);
            return;
        }
        RangeJob job = jobs.get();
        job.body = body;
        job.rows = rows;
        job.parts = parts;
        try {
            pool.run(job, parts);
        } finally {
            job.body = null;
        }
    }

    /** Part p of {@code parts} covers rows [p*rows/parts, (p+1)*rows/parts). */
    private static final class RangeJob implements Workers.Job {
        Range body;
        int rows;
        int parts;

        @Override
        public void run(int part) {
            int from = (int) ((long) part * rows / parts);
            int to = (int) ((long) (part + 1) * rows / parts);
            if (from < to) {
                body.run(from, to);
            }
        }
    }
}
