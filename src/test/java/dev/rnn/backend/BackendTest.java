package dev.rnn.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.math.Mat;
import dev.rnn.math.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The backend's named products against the plain-loop oracle, its shape errors, what
 * {@link Backend#prepare} decides, that a prepared weight gives each row the same bits whatever
 * the row count, the one-hot gather and scatter, and concurrent callers.
 */
class BackendTest {
    private static final List<Backend> PRODUCTION = List.of(TestBackends.vector(1), TestBackends.vector(2),
            TestBackends.plain(1), TestBackends.plain(2));

    private static Mat random(int rows, int cols, Rng rng) {
        float[] a = new float[rows * cols + 3];
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.uniform(-1, 1);
        }
        return new Mat(a, 3, rows, cols); // an offset view, as the time loop uses
    }

    private static float[] values(Mat m) {
        return java.util.Arrays.copyOfRange(m.data(), m.offset(), m.offset() + m.size());
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4f * Math.max(1f, Math.abs(expected[i])), what + " [" + i + "]");
        }
    }

    @Test
    void namedProductsMatchPlainLoops() {
        Rng rng = new Rng(4);
        Backend oracle = TestBackends.java();
        int m = 13;
        int k = 70;
        int n = 37;
        for (Backend be : PRODUCTION) {
            Mat a = random(m, k, rng);
            Mat at = random(k, m, rng);
            Mat b = random(k, n, rng);
            Mat bt = random(n, k, rng);
            Mat c0 = random(m, n, rng);
            float[] start = values(c0);
            for (String op : new String[] {"mult", "multAdd", "multTransA", "multAddTransA", "multTransB", "multAddTransB"}) {
                Mat expected = new Mat(start.clone(), 0, m, n);
                Mat actual = new Mat(start.clone(), 0, m, n);
                for (Backend x : new Backend[] {oracle, be}) {
                    Mat c = x == oracle ? expected : actual;
                    switch (op) {
                        case "mult" -> x.mult(a, b, c);
                        case "multAdd" -> x.multAdd(a, b, c);
                        case "multTransA" -> x.multTransA(at, b, c);
                        case "multAddTransA" -> x.multAddTransA(at, b, c);
                        case "multTransB" -> x.multTransB(a, bt, c);
                        default -> x.multAddTransB(a, bt, c);
                    }
                }
                assertClose(values(expected), values(actual), be + " " + op);
            }
        }
    }

    @Test
    void shapeErrorsPrintBothShapes() {
        Backend be = TestBackends.vector(1);
        Mat a = Mat.of(new float[12], 3, 4);
        Mat b = Mat.of(new float[30], 5, 6);
        Mat c = Mat.of(new float[18], 3, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.mult(a, b, c));
        assertTrue(e.getMessage().contains("A (3, 4) · B (5, 6) -> C (3, 6)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> be.multTransB(a, b, c));
        assertTrue(e.getMessage().contains("(3, 4)") && e.getMessage().contains("(5, 6)"), e.getMessage());
        Prepared p = be.prepare(b, Prepared.Layout.TRANSPOSED, Backend.FROZEN);
        e = assertThrows(IllegalArgumentException.class, () -> be.multAdd(a, p, c));
        assertTrue(e.getMessage().contains("TRANSPOSED"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> be.prepare(b, Prepared.Layout.AS_IS, 0));
    }

    @Test
    void prepareCopiesOnlyAWeightReadMoreThanOnce() {
        Backend be = TestBackends.vector(1);
        Mat w = Mat.of(new float[6 * 9], 6, 9);
        assertFalse(be.prepare(w, Prepared.Layout.TRANSPOSED, 1).copied());
        assertTrue(be.prepare(w, Prepared.Layout.TRANSPOSED, 2).copied());
        assertTrue(be.prepare(w, Prepared.Layout.AS_IS, Backend.FROZEN).copied());
        assertFalse(be.prepare(w, Prepared.Layout.COLUMNS, 8).copied(), "fewer gathers than W has columns");
        assertTrue(be.prepare(w, Prepared.Layout.COLUMNS, 9).copied());
    }

    @Test
    void preparedProductsEqualPlainOnesAndFollowRefresh() {
        Rng rng = new Rng(5);
        for (Backend be : PRODUCTION) {
            Mat w = random(48, 70, rng); // (n, k) for X·Wᵀ
            Mat x = random(9, 70, rng);
            Prepared p = be.prepare(w, Prepared.Layout.TRANSPOSED, 5);
            Mat expected = Mat.of(new float[9 * 48], 9, 48);
            Mat actual = Mat.of(new float[9 * 48], 9, 48);
            TestBackends.java().multTransB(x, w, expected);
            be.multTransB(x, p, actual);
            assertClose(values(expected), values(actual), be + " prepared X·Wᵀ");
            // the copy holds the values it was laid out with until refresh()
            w.data()[w.offset()] += 1f;
            be.multTransB(x, p, actual);
            float[] stale = values(actual);
            p.refresh();
            be.multTransB(x, p, actual);
            TestBackends.java().multTransB(x, w, expected);
            assertClose(values(expected), values(actual), be + " after refresh");
            assertFalse(java.util.Arrays.equals(stale, values(actual)), be + ": refresh() must pick up the change");

            Mat wk = random(70, 48, rng); // (k, n) for X·W
            Prepared q = be.prepare(wk, Prepared.Layout.AS_IS, Backend.FROZEN);
            Mat e2 = random(9, 48, rng);
            Mat a2 = new Mat(values(e2), 0, 9, 48);
            TestBackends.java().multAdd(x, wk, e2);
            be.multAdd(x, q, a2);
            assertClose(values(e2), values(a2), be + " prepared X·W");
        }
    }

    /** Inference batches must equal their rows run one at a time, bit for bit. */
    @Test
    void aFrozenWeightGivesEveryRowTheSameBitsWhateverTheRowCount() {
        Rng rng = new Rng(6);
        for (Backend be : PRODUCTION) {
            for (int[] shape : new int[][] {{512, 128}, {65, 256}, {1024, 512}, {37, 19}}) {
                int n = shape[0];
                int k = shape[1];
                Mat w = random(n, k, rng);
                Prepared p = be.prepare(w, Prepared.Layout.TRANSPOSED, Backend.FROZEN);
                int rows = 11;
                Mat x = random(rows, k, rng);
                Mat batch = Mat.of(new float[rows * n], rows, n);
                be.multTransB(x, p, batch);
                for (int r = 0; r < rows; r++) {
                    Mat one = Mat.of(new float[n], 1, n);
                    be.multTransB(x.rows(r, 1), p, one);
                    assertArrayEquals(values(batch.rows(r, 1)), values(one), be + " " + n + "x" + k + " row " + r);
                }
            }
        }
    }

    @Test
    void gatherAndScatterEqualTheOneHotProducts() {
        Rng rng = new Rng(7);
        Backend be = TestBackends.vector(1);
        int n = 20;
        int d = 9;
        for (int rows : new int[] {4, 9, 30}) { // fewer gathers than columns, as many, more
            Mat w = random(n, d, rng);
            int[] ids = new int[rows];
            float[] oneHot = new float[rows * d];
            for (int r = 0; r < rows; r++) {
                ids[r] = (int) (rng.nextFloat() * d);
                oneHot[r * d + ids[r]] = 1f;
            }
            float[] bias = values(random(1, n, rng));
            Prepared p = be.prepare(w, Prepared.Layout.COLUMNS, rows);
            Mat gathered = Mat.of(new float[rows * n], rows, n);
            be.gatherColumns(ids, p, bias, gathered);
            Mat dense = Mat.of(new float[rows * n], rows, n);
            TestBackends.java().multTransB(Mat.of(oneHot, rows, d), w, dense);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < n; j++) {
                    dense.data()[r * n + j] += bias[j];
                }
            }
            assertArrayEquals(values(dense), values(gathered), "gather, " + rows + " rows");

            Mat g = random(rows, n, rng);
            Mat dw = Mat.of(new float[n * d], n, d);
            Mat expected = Mat.of(new float[n * d], n, d);
            be.scatterAddColumns(ids, g, p, dw);
            TestBackends.java().multAddTransA(g, Mat.of(oneHot, rows, d), expected);
            assertClose(values(expected), values(dw), "scatter, " + rows + " rows");
            if (p.copied()) {
                // the copy served as scratch: a gather before refresh() is refused
                assertThrows(IllegalStateException.class, () -> be.gatherColumns(ids, p, bias, gathered));
                p.refresh();
                be.gatherColumns(ids, p, bias, gathered);
                assertArrayEquals(values(dense), values(gathered), "gather after refresh");
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameBitsAsOneAtATime() throws Exception {
        Rng rng = new Rng(8);
        try (Backend be = TestBackends.vector(2)) {
            Mat w = random(1024, 256, rng);
            Prepared p = be.prepare(w, Prepared.Layout.TRANSPOSED, Backend.FROZEN);
            List<Mat> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Mat x = random(50, 256, rng);
                Mat c = Mat.of(new float[50 * 1024], 50, 1024);
                be.multTransB(x, p, c);
                be.multAddTransB(x, w, c);
                inputs.add(x);
                expected.add(values(c));
            }
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int round = 0; round < 5; round++) {
                    for (Mat x : inputs) {
                        results.add(pool.submit(() -> {
                            Mat c = Mat.of(new float[50 * 1024], 50, 1024);
                            be.multTransB(x, p, c);
                            be.multAddTransB(x, w, c);
                            return values(c);
                        }));
                    }
                }
                for (int i = 0; i < results.size(); i++) {
                    assertArrayEquals(expected.get(i % inputs.size()), results.get(i).get(), "call " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
