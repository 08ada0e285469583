package dev.rnn.optim;

import static dev.rnn.optim.OptimizerChecks.GRADS;
import static dev.rnn.optim.OptimizerChecks.P0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.math.Param;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/** SGD with momentum (torch.optim.SGD without dampening or Nesterov) and plain SGD. */
class SgdTest {

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void threeStepsWithMomentumMatchPyTorch(String fixture) {
        OptimizerChecks.assertMatchesPyTorch(fixture, "sgd", ps -> Optimizer.create(OptimizerType.SGD, ps));
    }

    /** b ← g at the first step, then b ← μ b + g; p ← p − lr · b. */
    @ParameterizedTest
    @ValueSource(doubles = {0.9, 0.5, 0.0})
    void matchesTheFormulaInDouble(double momentum) {
        double lr = 1e-1;
        double[] p = P0.clone();
        double[] b = new double[p.length];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[s][i];
                b[i] = s == 0 ? g : momentum * b[i] + g;
                p[i] -= lr * b[i];
            }
            expected[s] = p.clone();
        }
        OptimizerChecks.assertSteps(expected, OptimizerChecks.run(ps -> new Sgd(ps, (float) momentum), P0, GRADS, (float) lr));
    }

    /** With μ = 0 each step is p − lr · g in float, bit for bit, whatever came before. */
    @Test
    void withoutMomentumEachStepIsPlainSgd() {
        float[][] after = OptimizerChecks.run(ps -> new Sgd(ps, 0f), P0, GRADS, 0.1f);
        float[] p = new float[P0.length];
        OptimizerChecks.set(P0, p);
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < p.length; i++) {
                p[i] -= 0.1f * (float) GRADS[s][i];
                assertEquals(p[i], after[s][i], 0f, "step " + (s + 1) + " element " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {-0.1f, 1f, 1.5f, Float.NaN})
    void rejectsMomentumOutsideZeroToOne(float momentum) {
        List<Param> ps = List.of(Param.vector("w", 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, momentum));
        assertTrue(e.getMessage().contains(String.valueOf(momentum)), e.getMessage());
    }

    /** Negative control: momentum with dampening (b ← μ b + (1−μ) g) fails the fixture from step 2. */
    @Test
    void theFixtureRejectsDampenedMomentum() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> OptimizerChecks.assertMatchesPyTorch("gru", "sgd", Dampened::new));
        assertTrue(e.getMessage().contains("step 2"), "step 1 is the same (b = g), step 2 differs: " + e.getMessage());
    }

    private static final class Dampened extends Optimizer {
        Dampened(List<Param> params) {
            super(params, "momentum_buffer");
        }

        @Override
        protected void update(int index, float[] value, float[] grad, int len, float lr) {
            float[] buf = slots[0][index];
            for (int i = 0; i < len; i++) {
                buf[i] = steps == 1 ? grad[i] : 0.9f * buf[i] + 0.1f * grad[i];
                value[i] -= lr * buf[i];
            }
        }

        @Override
        public OptimizerType type() {
            return OptimizerType.SGD;
        }
    }
}
