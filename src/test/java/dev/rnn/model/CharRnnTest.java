package dev.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.Backend;
import dev.rnn.backend.TestBackends;
import dev.rnn.math.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inference through the production backend: a batch of streams gives each stream the bits it
 * gets alone (so batched samples equal single ones), and one model serves many threads at once,
 * each with its own workspace and state, with the bits of one thread alone.
 */
class CharRnnTest {
    private static final int V = 70;
    private static final int H = 37;

    /** {@code cell}: a {@link CellType} name, with {@code _LN} for layer norm, {@code _REG} for locked dropout and weight drop 0.3. */
    private static ModelConfig config(String cell, float dropout) {
        boolean reg = cell.endsWith("_REG");
        String base = cell.replace("_REG", "");
        return new ModelConfig(CellType.valueOf(base.replace("_LN", "")), Nonlinearity.TANH, V, H, 2, dropout,
                base.endsWith("_LN"), reg, reg ? 0.3f : 0f);
    }

    private static CharRnn model(String cell, Backend be) {
        CharRnn m = new CharRnn(config(cell, 0f), be);
        m.initialize(new Rng(9), false);
        return m;
    }

    /** Runs {@code steps} chunks of T=3 ids for one stream, from a random state; returns every logit. */
    private static float[] run(CharRnn m, Workspace ws, int[] ids, RnnState state) {
        int t = ws.steps();
        int n = ws.streams();
        float[] all = new float[ids.length * V];
        int[] chunk = new int[n * t];
        for (int c = 0; c < ids.length / (n * t); c++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(ids, i * (ids.length / n) + c * t, chunk, i * t, t);
            }
            m.forward(ws, chunk, null, state, null);
            System.arraycopy(ws.logits(), 0, all, c * n * t * V, n * t * V);
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN", "LSTM_LN", "GRU_LN", "LSTM_LN_REG"})
    void aBatchGivesEachStreamItsBitsAlone(String cell) {
        for (Backend be : List.of(TestBackends.vector(1), TestBackends.vector(2), TestBackends.plain(2))) {
            CharRnn m = model(cell, be);
            int n = 6;
            int t = 3;
            int chunks = 4;
            Rng rng = new Rng(3);
            int[] ids = new int[n * t * chunks]; // stream i: ids[i*t*chunks ..]
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (int) (rng.nextFloat() * V);
            }
            RnnState batchState = m.newState(n);
            for (int l = 0; l < 2; l++) {
                for (int i = 0; i < n * H; i++) {
                    batchState.h(l)[i] = rng.uniform(-1, 1);
                }
            }
            RnnState start = m.newState(n);
            for (int l = 0; l < 2; l++) {
                System.arraycopy(batchState.h(l), 0, start.h(l), 0, n * H);
            }
            float[] batch = run(m, m.newInferenceWorkspace(n, t), ids, batchState);
            Workspace one = m.newInferenceWorkspace(1, t);
            for (int s = 0; s < n; s++) {
                RnnState single = m.newState(1);
                for (int l = 0; l < 2; l++) {
                    System.arraycopy(start.h(l), s * H, single.h(l), 0, H);
                }
                float[] alone = run(m, one, Arrays.copyOfRange(ids, s * t * chunks, (s + 1) * t * chunks), single);
                for (int c = 0; c < chunks; c++) {
                    for (int k = 0; k < t; k++) {
                        float[] fromBatch = Arrays.copyOfRange(batch, ((c * t + k) * n + s) * V, ((c * t + k) * n + s + 1) * V);
                        float[] fromAlone = Arrays.copyOfRange(alone, (c * t + k) * V, (c * t + k + 1) * V);
                        assertArrayEquals(fromAlone, fromBatch, be + ": stream " + s + ", chunk " + c + ", step " + k);
                    }
                }
                for (int l = 0; l < 2; l++) {
                    assertArrayEquals(single.h(l), Arrays.copyOfRange(batchState.h(l), s * H, (s + 1) * H),
                            be + ": final h of stream " + s + ", layer " + l);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN", "LSTM_LN", "GRU_LN", "LSTM_LN_REG"})
    void oneModelServesManyThreadsWithTheBitsOfOne(String cell) throws Exception {
        try (Backend be = TestBackends.vector(2)) {
            CharRnn m = model(cell, be);
            int callers = 6;
            int[][] texts = new int[callers][96];
            Rng rng = new Rng(4);
            for (int[] text : texts) {
                for (int i = 0; i < text.length; i++) {
                    text[i] = (int) (rng.nextFloat() * V);
                }
            }
            List<float[]> alone = new ArrayList<>();
            for (int[] text : texts) {
                alone.add(run(m, m.newInferenceWorkspace(1, 1), text, m.newState(1)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                List<Future<float[]>> together = new ArrayList<>();
                for (int[] text : texts) {
                    together.add(pool.submit(() -> run(m, m.newInferenceWorkspace(1, 1), text, m.newState(1))));
                }
                for (int i = 0; i < callers; i++) {
                    assertArrayEquals(alone.get(i), together.get(i).get(), "caller " + i);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * A training step and a sampled character allocate nothing per element once the JIT has
     * compiled them: a boxed vector or a per-row buffer would be kilobytes a round. A few list
     * iterators per step (the optimizer's loops) are allowed: whether the JIT removes them
     * depends on what else the JVM ran (64 bytes a round seen in the full suite, 0 alone).
     */
    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN", "LSTM_LN", "GRU_LN", "LSTM_LN_REG"})
    void aTrainingStepAndASampledCharacterAllocateNothing(String cell) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        try (Backend be = TestBackends.vector(1)) {
            CharRnn m = new CharRnn(config(cell, 0.25f), be);
            m.initialize(new Rng(1), false);
            dev.rnn.optim.Optimizer adam = dev.rnn.optim.Optimizer.create(dev.rnn.optim.OptimizerType.ADAM, m.params());
            int n = 5;
            int t = 7;
            Workspace ws = m.newWorkspace(n, t);
            RnnState state = m.newState(n);
            Rng dropout = new Rng(2);
            int[] ids = new int[n * t];
            int[] targets = new int[n * t];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i % V;
                targets[i] = (i * 7) % V;
            }
            dev.rnn.sample.Sampler sampler = new dev.rnn.sample.Sampler(m, 1f, 0, new Rng(3));
            sampler.warmUp(new int[] {1, 2, 3});
            Runnable round = () -> {
                m.zeroGrad();
                m.forward(ws, ids, targets, state, dropout);
                m.backward(ws);
                dev.rnn.optim.GradientClipping.clipGlobalNorm(m.params(), 5);
                adam.step(1e-3f);
                for (int i = 0; i < 20; i++) {
                    sampler.next();
                }
            };
            long deadline = System.nanoTime() + 60_000_000_000L;
            long allocated = -1;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 200; i++) {
                    round.run();
                }
                long before = mx.getThreadAllocatedBytes(me);
                for (int i = 0; i < 20; i++) {
                    round.run();
                }
                allocated = mx.getThreadAllocatedBytes(me) - before;
                if (allocated <= 20 * 256) {
                    break;
                }
            }
            assertTrue(allocated <= 20 * 256, "20 training steps and 400 sampled characters still allocated " + allocated + " bytes");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN", "LSTM_LN", "GRU_LN", "LSTM_LN_REG"})
    void anInferenceWorkspaceRunsForwardOnlyAndWithoutDropout(String cell) {
        CharRnn m = new CharRnn(config(cell, 0.5f), TestBackends.java());
        Workspace ws = m.newInferenceWorkspace(1, 2);
        int[] ids = {1, 2};
        assertThrows(IllegalArgumentException.class, () -> m.forward(ws, ids, ids, m.newState(1), new Rng(1)));
        m.forward(ws, ids, ids, m.newState(1), null);
        assertEquals(2, ws.targetCount());
        assertThrows(IllegalStateException.class, () -> m.backward(ws));
    }
}
