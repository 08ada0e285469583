package dev.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn.backend.Backend;
import dev.rnn.backend.TestBackends;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.optim.GradientClipping;
import dev.rnn.optim.Optimizer;
import dev.rnn.optim.OptimizerType;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training steps give the same bits with 1, 2 and 3 threads: every product and every gate row is
 * computed by the same operations whatever the split (README, "Speed"). Sizes with vector tails
 * (H = 37) and rows that do not split evenly (N = 9); layer norm's row passes run in the cells' row
 * ranges, with locked dropout and weight drop drawn from the same generator.
 */
class ThreadCountTest {

    /** {@code cell}: a CellType name; {@code _LN} adds layer norm, locked dropout and weight drop. */
    private static List<Param> train(String cell, int threads) {
        boolean ln = cell.endsWith("_LN");
        ModelConfig config = new ModelConfig(CellType.valueOf(cell.replace("_LN", "")), Nonlinearity.TANH, 20, 37, 2,
                ln ? 0.2f : 0f, ln, ln, ln ? 0.2f : 0f);
        Backend mm = TestBackends.vector(threads);
        try {
            CharRnn model = new CharRnn(config, mm);
            model.initialize(new Rng(3), false);
            Optimizer adam = Optimizer.create(OptimizerType.ADAM, model.params());
            int n = 9;
            int t = 6;
            Workspace ws = model.newWorkspace(n, t);
            RnnState state = model.newState(n);
            Rng data = new Rng(11);
            int[] inputs = new int[n * t];
            int[] targets = new int[n * t];
            for (int step = 0; step < 4; step++) {
                for (int i = 0; i < n * t; i++) {
                    inputs[i] = (int) (data.nextFloat() * 20);
                    targets[i] = (int) (data.nextFloat() * 20);
                }
                model.zeroGrad();
                model.forward(ws, inputs, targets, state, new Rng(1));
                model.backward(ws);
                GradientClipping.clipGlobalNorm(model.params(), 5);
                adam.step(1e-2f);
            }
            return model.params();
        } finally {
            mm.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU", "RNN", "LSTM_LN", "GRU_LN"})
    void sameBitsWithAnyThreadCount(String cell) {
        List<Param> one = train(cell, 1);
        for (int threads : new int[] {2, 3}) {
            List<Param> more = train(cell, threads);
            assertEquals(one.size(), more.size());
            for (int p = 0; p < one.size(); p++) {
                assertArrayEquals(one.get(p).value().data, more.get(p).value().data, 0f,
                        one.get(p).name() + " after 4 steps with " + threads + " threads vs 1");
            }
        }
    }
}
