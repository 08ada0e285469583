package dev.rnn.optim;

import dev.rnn.math.Param;
import java.util.List;

/**
 * RMSProp as char-rnn uses it (torch's {@code optim.rmsprop}, decay 0.95):
 * m ← α m + (1−α) g²; p ← p − lr · g / (√m + ε).
 */
public final class RmsProp extends Optimizer {
    private final float alpha;
    private final float eps;

    public RmsProp(List<Param> params, float alpha, float eps) {
        super(params, "square_avg");
        this.alpha = alpha;
        this.eps = eps;
    }

    @Override
    protected void update(int index, float[] value, float[] grad, int len, float lr) {
        float[] m = slots[0][index];
        for (int i = 0; i < len; i++) {
            float g = grad[i];
            m[i] = alpha * m[i] + (1 - alpha) * g * g;
            value[i] -= lr * g / ((float) Math.sqrt(m[i]) + eps);
        }
    }

    @Override
    public OptimizerType type() {
        return OptimizerType.RMSPROP;
    }
}
