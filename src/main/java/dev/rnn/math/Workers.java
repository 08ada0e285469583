package dev.rnn.math;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A small persistent pool for splitting one product into a fixed number of parts. The caller
 * runs parts too, and any part may be run by any thread (the caller or a worker), so a worker
 * that is slow to wake costs nothing: the caller simply takes its part. Which thread runs a part
 * never changes the result because each part's work is fixed by the split alone.
 *
 * <p>Hand-off: workers spin for {@link #SPIN_NANOS} after their last part (a recurrent product
 * comes every few tens of microseconds during training), then park. Threads are daemons.
 */
final class Workers implements AutoCloseable {

    /** One product split into parts; {@code run(p)} computes part p. */
    interface Job {
        void run(int part);
    }

    /** How long an idle worker spins before parking; a park/unpark round trip costs ~50 µs. */
    static final long SPIN_NANOS = 200_000;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final Thread[] threads;
    private final AtomicInteger parkedCount = new AtomicInteger();
    /** epoch << 32 | parts << 16 | next unclaimed part: one word, so a claim is one CAS. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile Throwable failure;
    private volatile boolean closed;
    private long epoch;

    /** A pool of {@code workers} threads in addition to the caller. */
    Workers(int workers, String name) {
        threads = new Thread[workers];
        int id = POOL_IDS.incrementAndGet();
        for (int w = 0; w < workers; w++) {
            final int index = w;
            Thread t = new Thread(() -> loop(index), name + "-" + id + "-" + (w + 1));
            t.setDaemon(true);
            threads[w] = t;
        }
        for (Thread t : threads) {
            t.start();
        }
    }

    /** Runs parts 0 .. parts-1 of {@code j} on the caller and the workers; returns when all are done. */
    synchronized void run(Job j, int parts) {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        if (parts < 1 || parts > 0xFFFF) {
            throw new IllegalArgumentException("parts " + parts + " must be in [1, 65535]");
        }
        job = j;
        failure = null;
        done.set(0);
        long e = ++epoch & 0x7FFFFFFFL;
        claim.set(e << 32 | (long) parts << 16); // publishes job
        if (parkedCount.get() > 0) {
            for (int w = 0; w < threads.length; w++) {
                LockSupport.unpark(threads[w]);
            }
        }
        claimAndRun();
        while (done.get() < parts) {
            Thread.onSpinWait();
        }
        job = null;
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            throw new IllegalStateException(f);
        }
    }

    /** Claims and runs parts of the current job until none is left. */
    private void claimAndRun() {
        while (true) {
            long c = claim.get();
            int parts = (int) (c >>> 16) & 0xFFFF;
            int next = (int) c & 0xFFFF;
            if (next >= parts) {
                return;
            }
            if (claim.compareAndSet(c, c + 1)) {
                // a successful claim means this job is still current: its part is not done yet
                try {
                    job.run(next);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private void loop(int index) {
        long seen = claim.get() >>> 32;
        while (!closed) {
            long c = claim.get();
            if (c >>> 32 != seen) { // a new job (or one still running that we may help with)
                seen = c >>> 32;
                claimAndRun();
                continue;
            }
            long until = System.nanoTime() + SPIN_NANOS;
            while (claim.get() >>> 32 == seen && !closed && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            if (claim.get() >>> 32 == seen && !closed) {
                parkedCount.incrementAndGet();
                if (claim.get() >>> 32 == seen && !closed) {
                    LockSupport.park(this);
                }
                parkedCount.decrementAndGet();
            }
        }
    }

    /** Number of threads a job can use: the workers and the caller. */
    int threads() {
        return threads.length + 1;
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }
}
