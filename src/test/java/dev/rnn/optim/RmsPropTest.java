package dev.rnn.optim;

import static dev.rnn.optim.OptimizerChecks.GRADS;
import static dev.rnn.optim.OptimizerChecks.P0;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn.math.Param;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/** RMSProp (char-rnn's, α 0.95, ε 1e-8) against torch.optim.RMSprop and its formula in double. */
class RmsPropTest {

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void threeStepsMatchPyTorch(String fixture) {
        OptimizerChecks.assertMatchesPyTorch(fixture, "rmsprop", ps -> Optimizer.create(OptimizerType.RMSPROP, ps));
    }

    /** m ← α m + (1−α) g²; p ← p − lr · g / (√m + ε): ε outside the root, as torch and char-rnn. */
    @Test
    void matchesTheFormulaInDouble() {
        double alpha = 0.95;
        double eps = 1e-8;
        double lr = 2e-3;
        double[] p = P0.clone();
        double[] m = new double[p.length];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[s][i];
                m[i] = alpha * m[i] + (1 - alpha) * g * g;
                p[i] -= lr * g / (Math.sqrt(m[i]) + eps);
            }
            expected[s] = p.clone();
        }
        OptimizerChecks.assertSteps(expected, OptimizerChecks.run(ps -> Optimizer.create(OptimizerType.RMSPROP, ps), P0, GRADS, (float) lr));
    }

    /** Negative control: ε inside the root (√(m + ε)) fails the fixture. */
    @Test
    void theFixtureRejectsEpsInsideTheRoot() {
        assertThrows(AssertionFailedError.class, () -> OptimizerChecks.assertMatchesPyTorch("rnn_tanh", "rmsprop", EpsInside::new));
    }

    private static final class EpsInside extends Optimizer {
        EpsInside(List<Param> params) {
            super(params, "square_avg");
        }

        @Override
        protected void update(int index, float[] value, float[] grad, int len, float lr) {
            float[] m = slots[0][index];
            for (int i = 0; i < len; i++) {
                m[i] = 0.95f * m[i] + 0.05f * grad[i] * grad[i];
                value[i] -= lr * grad[i] / (float) Math.sqrt(m[i] + 1e-8f);
            }
        }

        @Override
        public OptimizerType type() {
            return OptimizerType.RMSPROP;
        }
    }
}
