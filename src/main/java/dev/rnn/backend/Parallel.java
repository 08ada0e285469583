package dev.rnn.backend;

/**
 * Splits a loop over rows into fixed contiguous ranges, one per thread, and runs them on a
 * persistent pool (the caller takes part). The split depends only on the row count and the
 * thread count, and every row is computed by exactly one range, so results never depend on
 * scheduling.
 */
public interface Parallel {

    /** The work on one range of rows [from, to). */
    interface Range {
        void run(int from, int to);
    }

    /** The number of threads that share a loop, the caller included. */
    int threads();

    /** Runs {@code body} over [0, rows) in {@link #threads()} contiguous ranges; returns when all are done. */
    void forRanges(int rows, Range body);

    /** Everything on the calling thread. */
    Parallel SERIAL = new Parallel() {
        @Override
        public int threads() {
            return 1;
        }

        @Override
        public void forRanges(int rows, Range body) {
            body.run(0, rows);
        }
    };
}
