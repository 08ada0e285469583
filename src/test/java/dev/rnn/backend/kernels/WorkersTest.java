package dev.rnn.backend.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The worker pool: every part runs once, failures reach the caller, a busy pool declines, many threads finish. */
class WorkersTest {

    @Test
    void workerFailuresReachTheCaller() {
        try (Workers w = new Workers(1, "test")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> w.tryRun(part -> {
                if (part == 1) {
                    throw new IllegalStateException("part 1 failed");
                }
            }, 2));
            assertEquals("part 1 failed", e.getMessage());
            int[] ran = new int[3];
            assertTrue(w.tryRun(part -> ran[part]++, 3)); // the pool still works, and every part runs once
            assertArrayEquals(new int[] {1, 1, 1}, ran);
        }
    }

    @Test
    void aBusyPoolDeclinesASecondCallersJob() throws Exception {
        try (Workers w = new Workers(1, "test")) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Thread first = new Thread(() -> w.tryRun(part -> {
                if (part == 0) {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, 2));
            first.start();
            inside.await();
            int[] ran = new int[2];
            assertFalse(w.tryRun(part -> ran[part]++, 2), "the pool is running another job");
            assertArrayEquals(new int[] {0, 0}, ran, "a declined job runs nothing");
            release.countDown();
            first.join();
            assertTrue(w.tryRun(part -> ran[part]++, 2));
            assertArrayEquals(new int[] {1, 1}, ran);
        }
    }

    @Test
    void farMoreThreadsThanCoresStillRunEveryPartOnce() {
        int threads = 64 * Runtime.getRuntime().availableProcessors();
        try (Pool pool = new Pool(threads, "test-many")) {
            AtomicIntegerArray ran = new AtomicIntegerArray(threads);
            for (int job = 0; job < 200; job++) {
                pool.run(ran::incrementAndGet, threads);
            }
            for (int p = 0; p < threads; p++) {
                assertEquals(200, ran.get(p), "part " + p);
            }
        }
    }
}
