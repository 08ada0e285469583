package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.Backends;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;
import dev.rnn.optim.GradientClipping;
import dev.rnn.optim.Optimizer;
import dev.rnn.optim.OptimizerType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The training step does zeroGrad → forward → backward → norm/clip → check → clip by value →
 * update, in that order: the same bits as those calls written out, and nothing updated when the
 * check stops the run.
 */
class TrainStepTest {
    private static final int N = 3;
    private static final int T = 5;
    private static final ModelConfig CONFIG = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 7, 6, 2, 0.25f);

    private static CharRnn model() {
        CharRnn m = new CharRnn(CONFIG, Backends.best(1));
        m.initialize(new Rng(3), false);
        return m;
    }

    private static int[][] chunk(long seed) {
        Rng r = new Rng(seed);
        int[] in = new int[N * T];
        int[] tg = new int[N * T];
        for (int i = 0; i < N * T; i++) {
            in[i] = (int) (r.nextFloat() * 7);
            tg[i] = (int) (r.nextFloat() * 7);
        }
        return new int[][] {in, tg};
    }

    @ParameterizedTest(name = "clip {0}, clip-value {1}")
    @CsvSource({"5, 0", "0, 0", "0.01, 0", "0, 0.001", "0.5, 0.002"})
    void sameBitsAsTheCallsWrittenOut(float clip, float clipValue) {
        CharRnn a = model();
        CharRnn b = model();
        Optimizer optA = Optimizer.create(OptimizerType.ADAM, a.params());
        Optimizer optB = Optimizer.create(OptimizerType.ADAM, b.params());
        TrainStep step = new TrainStep(a, optA, N, T);
        Workspace ws = b.newWorkspace(N, T);
        RnnState sa = a.newState(N);
        RnnState sb = b.newState(N);
        Rng da = new Rng(9);
        Rng db = new Rng(9);
        for (int s = 0; s < 3; s++) {
            int[][] c = chunk(s);
            List<double[]> seen = new ArrayList<>();
            TrainStep.Outcome out = step.run(c[0], c[1], sa, da, 2e-3f, clip, clipValue,
                    (loss, norm) -> seen.add(new double[] {loss, norm}));

            b.zeroGrad();
            b.forward(ws, c[0], c[1], sb, db);
            double loss = ws.meanLoss();
            b.backward(ws);
            double norm = clip > 0 ? GradientClipping.clipGlobalNorm(b.params(), clip) : GradientClipping.globalNorm(b.params());
            if (clipValue > 0) {
                GradientClipping.clipValue(b.params(), clipValue);
            }
            optB.step(2e-3f);

            assertEquals(loss, out.loss());
            assertEquals(norm, out.norm());
            assertEquals(1, seen.size());
            assertEquals(loss, seen.get(0)[0]);
            assertEquals(norm, seen.get(0)[1]);
        }
        for (Param p : a.params()) {
            assertArrayEquals(b.param(p.name()).value().data, p.value().data, p.name());
        }
    }

    @Test
    void clippingByValueBoundsEveryGradientElement() {
        CharRnn m = model();
        TrainStep step = new TrainStep(m, Optimizer.create(OptimizerType.SGD, m.params()), N, T);
        int[][] c = chunk(1);
        step.run(c[0], c[1], m.newState(N), new Rng(1), 1e-3f, 0, 1e-4f, TrainStep.DivergenceCheck.NONE);
        boolean atBound = false;
        for (Param p : m.params()) {
            for (float g : p.grad().data) {
                assertTrue(Math.abs(g) <= 1e-4f, p.name() + " has gradient " + g);
                atBound |= Math.abs(g) == 1e-4f;
            }
        }
        assertTrue(atBound, "no element was clipped: the bound did not bite");
    }

    @Test
    void aCheckThatStopsLeavesTheWeightsAsTheyWere() {
        CharRnn m = model();
        CharRnn untouched = model();
        Optimizer opt = Optimizer.create(OptimizerType.ADAM, m.params());
        TrainStep step = new TrainStep(m, opt, N, T);
        int[][] c = chunk(2);
        assertThrows(DivergedException.class, () -> step.run(c[0], c[1], m.newState(N), new Rng(1), 2e-3f, 5, 0,
                (loss, norm) -> {
                    throw new DivergedException("stop at loss " + loss);
                }));
        assertEquals(0, opt.steps());
        for (Param p : m.params()) {
            assertArrayEquals(untouched.param(p.name()).value().data, p.value().data, p.name());
        }
        assertFalse(m.params().isEmpty());
    }
}
