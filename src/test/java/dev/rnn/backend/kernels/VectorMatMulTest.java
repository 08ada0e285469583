package dev.rnn.backend.kernels;

import dev.rnn.math.Rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * VectorMatMul against three oracles: EJML within a relative error of 1e-5 (max |error| over
 * max |C|), a scalar {@link Math#fma} chain bit for bit (the order the kernels promise), and
 * itself with 1, 2 and 3 threads bit for bit (splitting even the smallest products). Shapes cover every kernel edge: sizes around the
 * vector length L and the 4-row tile, k = 0, the GEMV and both A·Bᵀ strategies, offsets into
 * arrays with guard cells around C, accumulate on and off.
 */
class VectorMatMulTest {
    private static final float GUARD = 1234.5f;
    static final int OP_MULT = 0;
    static final int OP_TRANS_A = 1;
    static final int OP_TRANS_B = 2;

    private static VectorMatMul one;
    private static VectorMatMul two;
    private static VectorMatMul three;
    private static final MatMul EJML = new EjmlMatMul();

    @BeforeAll
    static void start() {
        one = new VectorMatMul(1);
        two = new VectorMatMul(2, 0); // split every product, however small
        three = new VectorMatMul(3, 0);
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
        three.close();
    }

    /** Sizes around the edges of the kernels for lane count L. */
    private static int[] edgeSizes() {
        int l = VectorMatMul.lanes();
        return new int[] {1, 2, 3, 4, 5, 7, l - 1, l, l + 1, 2 * l + 3, 3 * l, 4 * l - 1, 4 * l, 4 * l + 1, 5 * l + 5};
    }

    /** (m, k, n) triples: a cross of edge sizes (thinned) plus the model's own shapes. */
    static List<int[]> shapes() {
        List<int[]> s = new ArrayList<>();
        int[] e = edgeSizes();
        int t = 0;
        for (int m : e) {
            for (int k : new int[] {0, 1, 3, 16, 17, 129}) {
                for (int n : e) {
                    if ((t++ % 3) == 0 || m <= 4 || n <= 4) {
                        s.add(new int[] {m, k, n});
                    }
                }
            }
        }
        // the model's: recurrent products, GEMV, batched input/decoder products (scaled down)
        s.add(new int[] {50, 32, 128});
        s.add(new int[] {50, 128, 32});
        s.add(new int[] {1, 64, 256});
        s.add(new int[] {3, 65, 256});
        s.add(new int[] {VectorMatMul.TRANSPOSE_B_MIN_ROWS - 1, 64, 256});
        s.add(new int[] {VectorMatMul.TRANSPOSE_B_MIN_ROWS, 64, 256});
        s.add(new int[] {VectorMatMul.TRANSPOSE_B_MIN_ROWS + 1, 33, 70});
        s.add(new int[] {51, 20, 37});
        s.add(new int[] {52, 20, 37});
        s.add(new int[] {300, 40, 65});
        s.add(new int[] {65, 300, 40});
        s.add(new int[] {130, 260, 70});
        s.add(new int[] {7, 300, 260}); // KC passes
        // packed rows of A: two row blocks (the second 5 rows), KC passes, 8 column blocks then a
        // 1-vector block and a tail; transposed A from 2 blocks, with 2- and 3-row remainders
        s.add(new int[] {517, 130, 8 * 4 * VectorMatMul.lanes() + VectorMatMul.lanes() + 5});
        s.add(new int[] {258, 130, 2 * 4 * VectorMatMul.lanes() + VectorMatMul.lanes() + 6});
        s.add(new int[] {259, 17, 2 * 4 * VectorMatMul.lanes() + 3 * VectorMatMul.lanes()});
        return s;
    }

    @Test
    void everyOpMatchesEjmlAndTheFmaChainOnEveryShape() {
        Rng rng = new Rng(1);
        int checked = 0;
        for (int[] s : shapes()) {
            for (int op = 0; op < 3; op++) {
                for (boolean acc : new boolean[] {false, true}) {
                    check(op, s[0], s[1], s[2], acc, 1 + checked % 5, 3 + checked % 7, 2 + checked % 4, rng);
                    checked++;
                }
            }
        }
        assertTrue(checked > 500, "checked " + checked);
    }

    @Test
    void theModelsFullSizeShapesAtH128() {
        Rng rng = new Rng(2);
        int n = 50;
        int h = 128;
        int gh = 4 * h;
        int rows = 50 * 50;
        check(OP_TRANS_B, n, h, gh, true, 0, 0, 0, rng);      // h_prev · W_hhᵀ
        check(OP_TRANS_B, rows, h, gh, false, 0, 0, 0, rng);  // X · W_ihᵀ
        check(OP_TRANS_B, rows, h, 65, false, 0, 0, 0, rng);  // decoder
        check(OP_MULT, n, gh, h, true, 0, 0, 0, rng);         // dG · W_hh
        check(OP_TRANS_A, gh, rows, h, true, 0, 0, 0, rng);   // dW_hh += dGᵀ · H
        check(OP_TRANS_A, 65, rows, h, true, 0, 0, 0, rng);   // decoder dW
        check(OP_MULT, rows, 65, h, false, 0, 0, 0, rng);     // decoder dX
        check(OP_TRANS_B, 1, h, gh, true, 0, 0, 0, rng);      // sampling
        check(OP_MULT, 1, gh, h, true, 0, 0, 0, rng);
    }

    private static void check(int op, int m, int k, int n, boolean accumulate, int aOff, int bOff, int cOff, Rng rng) {
        check(new MatMul[] {one, two, three}, true, op, m, k, n, accumulate, aOff, bOff, cOff, rng);
    }

    /**
     * Runs op on (m, k, n) with the given offsets into arrays with guard cells, with each of
     * {@code mms} (1, 2 and 3 threads), and checks them against each other (bits), the fma chain
     * (bits, where promised: everywhere for PlainMatMul, not on VectorMatMul's dot rows) and EJML
     * (1e-5).
     */
    static void check(MatMul[] mms, boolean vectorRules, int op, int m, int k, int n, boolean accumulate,
                      int aOff, int bOff, int cOff, Rng rng) {
        String what = opName(op) + " m=" + m + " k=" + k + " n=" + n + " acc=" + accumulate
                + " offsets " + aOff + "," + bOff + "," + cOff;
        float[] a = random(aOff + m * k + 3, rng);
        float[] b = random(bOff + k * n + 5, rng);
        float[] c0 = random(cOff + m * n + 4, rng);
        java.util.Arrays.fill(c0, 0, cOff, GUARD);
        java.util.Arrays.fill(c0, cOff + m * n, c0.length, GUARD);

        float[] c1 = c0.clone();
        apply(mms[0], op, m, k, n, a, aOff, b, bOff, c1, cOff, accumulate);
        for (int t = 1; t < mms.length; t++) {
            float[] ct = c0.clone();
            apply(mms[t], op, m, k, n, a, aOff, b, bOff, ct, cOff, accumulate);
            assertArrayEquals(c1, ct, what + ": " + mms[0].name() + " and " + mms[t].name() + " differ");
        }
        for (int i = 0; i < c0.length; i++) {
            if (i < cOff || i >= cOff + m * n) {
                assertEquals(GUARD, c1[i], what + ": wrote outside C at " + i);
            }
        }
        // the fma chain, from C, or from 0 and then added to C (A·Bᵀ through Cᵀ); except the rows
        // of A·Bᵀ done by dotRows (all of them when m < 4, else up to 3 past whole vectors)
        int chainRows = !vectorRules || op != OP_TRANS_B || m >= VectorMatMul.TRANSPOSE_B_MIN_ROWS ? m
                : m < 4 ? 0 : VectorMatMul.transposedRows(m);
        if (chainRows > 0) {
            float[] ref = c0.clone();
            boolean fromZero = vectorRules && op == OP_TRANS_B && m < VectorMatMul.TRANSPOSE_B_MIN_ROWS;
            fmaChain(op, m, k, n, a, aOff, b, bOff, ref, cOff, accumulate, fromZero);
            for (int i = 0; i < chainRows * n; i++) {
                if (Float.floatToIntBits(ref[cOff + i]) != Float.floatToIntBits(c1[cOff + i])) {
                    fail(what + ": element (" + i / n + ", " + i % n + ") is " + c1[cOff + i]
                            + ", the fma chain gives " + ref[cOff + i]);
                }
            }
        }
        float[] e = c0.clone();
        apply(EJML, op, m, k, n, a, aOff, b, bOff, e, cOff, accumulate);
        double maxErr = 0;
        double maxRef = 0;
        for (int i = cOff; i < cOff + m * n; i++) {
            maxErr = Math.max(maxErr, Math.abs(c1[i] - e[i]));
            maxRef = Math.max(maxRef, Math.abs(e[i]));
        }
        assertTrue(maxErr <= 1e-5 * Math.max(maxRef, 1e-30) || maxErr == 0,
                what + ": max error " + maxErr + " against EJML, max |C| " + maxRef);
    }

    /**
     * pack then multPacked gives mult's bits on the row-major B, with B given as is or as Bᵀ, on
     * 1, 2 and 3 threads and through MatMul's default (row-major) layout; C's guard cells untouched.
     */
    @Test
    void packedProductsGiveMultsBits() {
        Rng rng = new Rng(5);
        int l = VectorMatMul.lanes();
        int checked = 0;
        for (int m : new int[] {1, 3, 4, 50, 300}) {
            for (int k : new int[] {0, 1, 17, 129}) {
                for (int n : new int[] {1, l - 1, 4 * l, 4 * l + 1, 9 * l + 3}) {
                    for (boolean transposed : new boolean[] {false, true}) {
                        for (boolean acc : new boolean[] {false, true}) {
                            int bOff = 3;
                            float[] a = random(m * k, rng);
                            float[] bt = random(bOff + k * n, rng); // B or Bᵀ from bOff
                            float[] b = new float[k * n];           // (k, n) B row-major
                            for (int p = 0; p < k; p++) {
                                for (int j = 0; j < n; j++) {
                                    b[p * n + j] = transposed ? bt[bOff + j * k + p] : bt[bOff + p * n + j];
                                }
                            }
                            float[] c0 = random(m * n + 4, rng);
                            float[] want = c0.clone();
                            one.mult(m, k, n, a, 0, b, 0, want, 2, acc);
                            for (MatMul mm : new MatMul[] {one, two, three, EJML}) {
                                float[] packed = new float[k * n];
                                mm.pack(k, n, bt, bOff, transposed, packed);
                                float[] c = c0.clone();
                                mm.multPacked(m, k, n, a, 0, packed, c, 2, acc);
                                String what = mm.name() + " m=" + m + " k=" + k + " n=" + n
                                        + " transposed=" + transposed + " acc=" + acc;
                                if (mm == EJML) {
                                    float[] e = c0.clone();
                                    EJML.mult(m, k, n, a, 0, b, 0, e, 2, acc);
                                    assertArrayEquals(e, c, what);
                                } else {
                                    assertArrayEquals(want, c, what);
                                }
                                checked++;
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checked > 700, "checked " + checked);
    }

    @Test
    void theFmaChainOracleAgreesWithEjml() {
        // guards the bit-exact oracle itself
        Rng rng = new Rng(3);
        for (int op = 0; op < 3; op++) {
            float[] a = random(7 * 9, rng);
            float[] b = random(9 * 5, rng);
            float[] r = new float[7 * 5];
            float[] e = new float[7 * 5];
            int m = 7;
            fmaChain(op, m, 9, 5, a, 0, b, 0, r, 0, false, false);
            apply(EJML, op, m, 9, 5, a, 0, b, 0, e, 0, false);
            for (int i = 0; i < r.length; i++) {
                assertEquals(e[i], r[i], 1e-5, opName(op) + " at " + i);
            }
        }
    }

    @Test
    void repeatedCallsOnOneInstanceGiveTheSameBits() {
        Rng rng = new Rng(4);
        float[] a = random(50 * 64, rng);
        float[] b = random(256 * 64, rng);
        float[] first = new float[50 * 256];
        two.multTransB(50, 64, 256, a, 0, b, 0, first, 0, false);
        for (int rep = 0; rep < 200; rep++) {
            // interleave other shapes so the scratch buffers grow and are reused
            float[] x = new float[3 * 256];
            two.multTransB(3, 64, 256, a, 0, b, 0, x, 0, false);
            float[] y = new float[200 * 256];
            two.mult(200, 10, 256, random(2000, rng), 0, b, 0, y, 0, false);
            float[] again = new float[50 * 256];
            two.multTransB(50, 64, 256, a, 0, b, 0, again, 0, false);
            assertArrayEquals(first, again, "repetition " + rep);
        }
    }

    @Test
    void concurrentCallersAreSerialised() throws Exception {
        Rng rng = new Rng(5);
        float[] a = random(64 * 128, rng);
        float[] b = random(128 * 512, rng);
        float[] expected = new float[64 * 512];
        one.mult(64, 128, 512, a, 0, b, 0, expected, 0, false);
        List<Thread> callers = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 3; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 50; rep++) {
                        float[] c = new float[64 * 512];
                        two.mult(64, 128, 512, a, 0, b, 0, c, 0, false);
                        assertArrayEquals(expected, c);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            callers.add(th);
            th.start();
        }
        for (Thread th : callers) {
            th.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
    }

    @Test
    void badArgumentsFailWithTheShapes() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> one.mult(3, 4, 5, a, 0, b, 0, c, 0, false));
        assertTrue(e.getMessage().contains("B needs 20 floats"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> one.multTransB(-1, 4, 3, a, 0, b, 0, c, 0, false));
        assertThrows(IllegalArgumentException.class, () -> one.multTransA(3, 4, 3, a, 1, b, 0, c, 0, false));
        float[] shared = new float[40];
        assertThrows(IllegalArgumentException.class, () -> one.mult(2, 2, 2, shared, 0, shared, 4, shared, 2, false));
        // disjoint ranges of one array are fine
        one.mult(2, 2, 2, shared, 0, shared, 4, shared, 8, false);
        assertThrows(IllegalArgumentException.class, () -> new VectorMatMul(0));
    }

    // -----------------------------------------------------------------------------------------

    private static void apply(MatMul mm, int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                              float[] c, int cOff, boolean acc) {
        switch (op) {
            case OP_MULT: mm.mult(m, k, n, a, aOff, b, bOff, c, cOff, acc); break;
            case OP_TRANS_A: mm.multTransA(m, k, n, a, aOff, b, bOff, c, cOff, acc); break;
            default: mm.multTransB(m, k, n, a, aOff, b, bOff, c, cOff, acc); break;
        }
    }

    /**
     * The documented order: s = fma(A(i,p), B(p,j), s) for p = 0 .. k-1, from C (or 0 when not
     * accumulating); with {@code fromZero}, from 0 and then C + s.
     */
    private static void fmaChain(int op, int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                                 float[] c, int cOff, boolean acc, boolean fromZero) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = acc && !fromZero ? c[cOff + i * n + j] : 0f;
                for (int p = 0; p < k; p++) {
                    float av = op == OP_TRANS_A ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    float bv = op == OP_TRANS_B ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s = Math.fma(av, bv, s);
                }
                c[cOff + i * n + j] = acc && fromZero ? c[cOff + i * n + j] + s : s;
            }
        }
    }

    private static String opName(int op) {
        return op == OP_MULT ? "mult" : op == OP_TRANS_A ? "multTransA" : "multTransB";
    }

    static float[] random(int size, Rng rng) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.uniform(-1f, 1f);
        }
        return x;
    }
}
