package dev.rnn.backend.kernels;

import dev.rnn.math.Activations;
import dev.rnn.math.Rng;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Once the JIT has compiled them, the kernels and activations allocate nothing per call, on the
 * caller or the worker threads. This also guards their speed: a Vector API method that C2 did not
 * manage to compile with its intrinsics boxes every vector (allocating) and runs ~100x slower.
 * The JIT compiles in the background, so the test repeats warm-up rounds until a measured batch
 * allocates nothing (up to measurement noise), and fails if that never happens within a minute.
 */
class NoAllocationTest {
    /**
     * Bytes the measurement itself may account to the threads (a few dozen seen); a single boxed
     * vector per call would be ~96 KB over the 1,000 calls measured.
     */
    private static final long MEASUREMENT_NOISE = 1024;

    @Test
    void steadyStateCallsAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Rng rng = new Rng(21);
        java.util.Set<Thread> others = Thread.getAllStackTraces().keySet();
        try (VectorMatMul mm = new VectorMatMul(2, 0)) {
            int[][] shapes = {{50, 64, 256}, {1, 64, 256}, {300, 40, 65}, {50, 256, 64}, {256, 300, 64}, {3, 17, 33}};
            float[][] a = new float[shapes.length][];
            float[][] b = new float[shapes.length][];
            float[][] c = new float[shapes.length][];
            for (int s = 0; s < shapes.length; s++) {
                int m = shapes[s][0];
                int k = shapes[s][1];
                int n = shapes[s][2];
                a[s] = VectorMatMulTest.random(Math.max(m * k, k * m), rng);
                b[s] = VectorMatMulTest.random(k * n, rng);
                c[s] = new float[m * n];
            }
            float[] g = VectorMatMulTest.random(Activations.VECTOR_MIN_LEN * 2 + 5, rng);
            Runnable round = () -> {
                for (int s = 0; s < shapes.length; s++) {
                    int m = shapes[s][0];
                    int k = shapes[s][1];
                    int n = shapes[s][2];
                    mm.multTransB(m, k, n, a[s], 0, b[s], 0, c[s], 0, false);
                    mm.mult(m, k, n, a[s], 0, b[s], 0, c[s], 0, true);
                    mm.multTransA(m, k, n, a[s], 0, b[s], 0, c[s], 0, true);
                }
                Activations.sigmoid(g, 0, g.length);
                Activations.tanh(g, 1, g.length - 1);
                Activations.relu(g, 0, g.length);
            };
            round.run(); // starts the worker
            List<Long> ids = new ArrayList<>();
            ids.add(Thread.currentThread().getId());
            Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("rnn-matmul") && !others.contains(t)) // this pool's, not other tests'
                    .forEach(t -> ids.add(t.getId()));
            assertTrue(ids.size() == 2, "expected one worker thread, found " + (ids.size() - 1));
            long deadline = System.nanoTime() + 60_000_000_000L;
            long allocated = -1;
            int attempts = 0;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 300; i++) {
                    round.run();
                }
                long before = total(mx, ids);
                for (int i = 0; i < 50; i++) {
                    round.run();
                }
                allocated = total(mx, ids) - before;
                attempts++;
                if (allocated <= MEASUREMENT_NOISE) {
                    break;
                }
            }
            assertTrue(allocated <= MEASUREMENT_NOISE, "50 rounds (1,000 calls) still allocated " + allocated
                    + " bytes after " + attempts + " warm-up attempts");
        }
    }

    private static long total(com.sun.management.ThreadMXBean mx, List<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            sum += mx.getThreadAllocatedBytes(id);
        }
        return sum;
    }
}
