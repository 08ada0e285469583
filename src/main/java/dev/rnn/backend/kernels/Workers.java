package dev.rnn.backend.kernels;

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
 * comes every few tens of microseconds during training), then park; when there are more threads
 * than cores they park at once, and every wait yields its core after a short spin, so a thread
 * waiting for a core never holds one. One job runs at a time; {@link #tryRun} declines a second
 * caller's job, which its caller then runs alone. Threads are daemons.
 */
final class Workers implements AutoCloseable {

    /** One product split into parts; {@code run(p)} computes part p. */
    interface Job {
        void run(int part);
    }

    /** How long an idle worker spins before parking; a park/unpark round trip costs ~50 µs. */
    static final long SPIN_NANOS = 200_000;
    /** Spins of a waiting caller before it yields its core to the threads it waits for. */
    private static final int SPINS_BEFORE_YIELD = 1 << 12;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final Thread[] threads;
    private final AtomicInteger parkedCount = new AtomicInteger();
    /** epoch << 32 | parts << 16 | next unclaimed part: one word, so a claim is one CAS. */
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Job job;
    private volatile Throwable failure;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
    private final long spinNanos;
    private long epoch;

    /** A pool of {@code workers} threads in addition to the caller. */
    Workers(int workers, String name) {
        threads = new Thread[workers];
        spinNanos = workers + 1 <= Runtime.getRuntime().availableProcessors() ? SPIN_NANOS : 0;
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

    /**
     * Runs parts 0 .. parts-1 of {@code j} on the caller and the workers and returns true when all
     * are done; returns false at once, running nothing, while another caller's job has the workers.
     */
    boolean tryRun(Job j, int parts) {
        if (closed) {
            throw new IllegalStateException("the worker pool is closed");
        }
        if (parts < 1 || parts > 0xFFFF) {
            throw new IllegalArgumentException("parts " + parts + " must be in [1, 65535]");
        }
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            run(j, parts);
        } finally {
            busy.set(false);
        }
        return true;
    }

    private void run(Job j, int parts) {
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
        for (int spins = 0; done.get() < parts; spins++) {
            if (spins < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the worker that claimed the last part may be waiting for this core
            }
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
            long until = System.nanoTime() + spinNanos;
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
