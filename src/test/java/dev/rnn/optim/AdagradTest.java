package dev.rnn.optim;

import static dev.rnn.optim.OptimizerChecks.GRADS;
import static dev.rnn.optim.OptimizerChecks.P0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn.math.Param;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/**
 * Adagrad as min-char-rnn writes it (ε 1e-8 inside the root), against the fixtures' float64
 * version of that formula (torch.optim.Adagrad puts ε outside; scripts/fixtures/README.md) and
 * against the formula in double.
 */
class AdagradTest {

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void threeStepsMatchPyTorch(String fixture) {
        OptimizerChecks.assertMatchesPyTorch(fixture, "adagrad", ps -> Optimizer.create(OptimizerType.ADAGRAD, ps));
    }

    /** mem ← mem + g²; p ← p − lr · g / √(mem + ε). */
    @Test
    void matchesTheFormulaInDouble() {
        double eps = 1e-8;
        double lr = 1e-1;
        double[] p = P0.clone();
        double[] mem = new double[p.length];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[s][i];
                mem[i] += g * g;
                p[i] -= lr * g / Math.sqrt(mem[i] + eps);
            }
            expected[s] = p.clone();
        }
        OptimizerChecks.assertSteps(expected, OptimizerChecks.run(ps -> Optimizer.create(OptimizerType.ADAGRAD, ps), P0, GRADS, (float) lr));
    }

    /**
     * A gradient of 1e-4 on a fresh accumulator moves the weight by lr/√2 (√(g² + ε) = √2 · 1e-4),
     * where PyTorch's g / (√mem + ε) would move it by almost lr.
     */
    @Test
    void epsSitsInsideTheRoot() {
        float[][] after = OptimizerChecks.run(ps -> Optimizer.create(OptimizerType.ADAGRAD, ps),
                new double[] {0}, new double[][] {{1e-4}}, 1f);
        assertEquals(-1 / Math.sqrt(2), after[0][0], 1e-6);
    }

    /** Negative control: torch.optim.Adagrad's form, ε outside the root, fails the fixture. */
    @Test
    void theFixtureRejectsPyTorchsEpsPlacement() {
        assertThrows(AssertionFailedError.class, () -> OptimizerChecks.assertMatchesPyTorch("lstm", "adagrad", EpsOutside::new));
    }

    /** sum ← sum + g²; p ← p − lr · g / (√sum + ε), as torch.optim.Adagrad. */
    private static final class EpsOutside extends Optimizer {
        EpsOutside(List<Param> params) {
            super(params, "sum");
        }

        @Override
        protected void update(int index, float[] value, float[] grad, int len, float lr) {
            float[] sum = slots[0][index];
            for (int i = 0; i < len; i++) {
                sum[i] += grad[i] * grad[i];
                value[i] -= lr * grad[i] / ((float) Math.sqrt(sum[i]) + 1e-8f);
            }
        }

        @Override
        public OptimizerType type() {
            return OptimizerType.ADAGRAD;
        }
    }
}
