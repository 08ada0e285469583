package dev.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rnn.backend.Backend;
import dev.rnn.backend.TestBackends;
import dev.rnn.math.Mat;
import dev.rnn.math.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Layer 0's column gather of weight_ih equals multiplying by the dense one-hot input, forward and
 * backward: through rows of W_ihᵀ when the chunk has at least V rows, through W_ih's columns when
 * it has fewer, with a single step (W_hh used in place), and in an inference workspace (the
 * weights laid out once, as the sampler uses them).
 */
class OneHotGatherTest {

    @ParameterizedTest(name = "N={0}, T={1}, V=9, inference workspace {2}")
    @CsvSource({"3, 5, false", "1, 4, false", "2, 1, false", "12, 1, false", "1, 1, true", "3, 5, true"})
    void gatherEqualsDenseOneHotProduct(int n, int t, boolean frozen) {
        int v = 9;
        int h = 6;
        Cell cell = new LstmCell();
        RecurrentLayer gather = new RecurrentLayer(0, cell, v, h, true, false);
        RecurrentLayer dense = new RecurrentLayer(0, cell, v, h, false, false);
        Rng rng = new Rng(5);
        for (int p = 0; p < 4; p++) {
            var a = gather.params().get(p).value().data;
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.uniform(-1, 1);
            }
            System.arraycopy(a, 0, dense.params().get(p).value().data, 0, a.length);
        }
        int[] ids = new int[n * t];
        float[] oneHot = new float[n * t * v]; // (T*N, V)
        for (int r = 0; r < n * t; r++) {
            ids[r] = (int) (rng.nextFloat() * v);
            oneHot[r * v + ids[r]] = 1f;
        }
        Backend be = TestBackends.ejml();
        LayerBuffers bg = new LayerBuffers(gather, be, n, t, frozen);
        LayerBuffers bd = new LayerBuffers(dense, be, n, t, false);
        Mat x = Mat.of(oneHot, n * t, v);
        gather.forward(bg, n, t, ids, null, be);
        dense.forward(bd, n, t, null, x, be);
        assertArrayEquals(bd.hs, bg.hs, 1e-6f, "outputs");
        if (frozen) {
            return; // an inference workspace runs forward only
        }

        for (int i = 0; i < bg.dOut.length; i++) {
            bg.dOut[i] = rng.uniform(-1, 1);
        }
        System.arraycopy(bg.dOut, 0, bd.dOut, 0, bg.dOut.length);
        gather.backward(bg, n, t, ids, null, null, be);
        dense.backward(bd, n, t, null, x, null, be);
        for (int p = 0; p < 4; p++) {
            assertArrayEquals(dense.params().get(p).grad().data, gather.params().get(p).grad().data, 1e-5f,
                    gather.params().get(p).name() + " gradient");
        }
    }
}
