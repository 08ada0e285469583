package dev.rnn.backend.kernels;

import static dev.rnn.backend.kernels.Lanes.L;

/**
 * Runs every micro-kernel of {@link Tiles} on small private tiles before the first product, with
 * short and long kc and both starts (load and zero), so C2 compiles them from the same complete
 * profile in every JVM; left to the workload, the profile at their stores depends on how long the
 * first products ran before compilation, and some starts compiled slower code (class doc of Tiles).
 */
final class TileWarmUp {
    private static volatile boolean done;

    private TileWarmUp() {
    }

    static void once() {
        if (done) {
            return;
        }
        synchronized (TileWarmUp.class) {
            if (!done) {
                run(4000);
                done = true;
            }
        }
    }

    /** {@code rounds} calls of each kernel, kc cycling through 1..32. */
    static void run(int rounds) {
        int maxKc = 32;
        int w = 4 * L;
        float[] a = new float[4 * maxKc];
        float[] b = new float[maxKc * w];
        float[] c = new float[4 * w];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.125f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i % 5) * 0.25f;
        }
        for (int r = 0; r < rounds; r++) {
            boolean load = (r & 1) == 0;
            int kc = 1 + r % maxKc;
            java.util.Arrays.fill(c, 0f); // keeps the values small whatever the rounds
            Tiles.k4x4p(load, kc, a, 0, maxKc, b, 0, c, 0, w);
            Tiles.k4x4(load, kc, a, 0, maxKc, 1, b, 0, w, c, 0, w);
            Tiles.k3x4(load, kc, a, 0, maxKc, 1, b, 0, w, c, 0, w);
            Tiles.k2x4(load, kc, a, 0, maxKc, 1, b, 0, w, c, 0, w);
            Tiles.k1x4(load, kc, a, 0, 1, b, 0, w, c, 0);
            Tiles.k4x1(load, kc, a, 0, maxKc, 1, b, 0, w, c, 0, w);
            Tiles.k1x1(load, kc, a, 0, 1, b, 0, w, c, 0);
        }
    }
}
