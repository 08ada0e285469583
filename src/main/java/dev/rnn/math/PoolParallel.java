package dev.rnn.math;

/** {@link Parallel} on the worker pool of a {@link MatMul}, so products and gate math share threads. */
final class PoolParallel implements Parallel {
    private final Workers workers;
    private final int threads;
    private final RangeJob job = new RangeJob();

    PoolParallel(Workers workers, int threads) {
        this.workers = workers;
        this.threads = threads;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public synchronized void forRanges(int rows, Range body) {
        int parts = Math.min(threads, rows);
        if (parts <= 1) {
            body.run(0, rows);
            return;
        }
        job.body = body;
        job.rows = rows;
        job.parts = parts;
        try {
            workers.run(job, parts);
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
