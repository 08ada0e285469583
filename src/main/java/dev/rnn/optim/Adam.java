package dev.rnn.optim;

import dev.rnn.math.Param;
import java.util.List;

/**
 * Adam with bias correction, exactly as {@code torch.optim.Adam} (no weight decay):
 * m ← β1 m + (1−β1) g; v ← β2 v + (1−β2) g²; p ← p − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε).
 */
public final class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;

    public Adam(List<Param> params, float beta1, float beta2, float eps) {
        super(params, "exp_avg", "exp_avg_sq");
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected void update(int index, float[] value, float[] grad, int len, float lr) {
        float[] m = slots[0][index];
        float[] v = slots[1][index];
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2 = 1 - Math.pow(beta2, steps);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        for (int i = 0; i < len; i++) {
            float g = grad[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
            value[i] -= stepSize * m[i] / denom;
        }
    }

    @Override
    public OptimizerType type() {
        return OptimizerType.ADAM;
    }
}
