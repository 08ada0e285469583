package dev.rnn.optim;

import dev.rnn.math.Param;
import java.util.List;

/**
 * SGD with optional momentum μ, as {@code torch.optim.SGD} (no dampening, no Nesterov):
 * b ← μ b + g (b = g at the first step); p ← p − lr · b. With μ = 0 it is plain SGD.
 */
public final class Sgd extends Optimizer {
    private final float momentum;

    public Sgd(List<Param> params, float momentum) {
        super(params, "momentum_buffer");
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum is " + momentum + ", expected a value in [0, 1)");
        }
        this.momentum = momentum;
    }

    @Override
    protected void update(int index, float[] value, float[] grad, int len, float lr) {
        float[] buf = slots[0][index];
        boolean first = steps == 1;
        for (int i = 0; i < len; i++) {
            float b = first ? grad[i] : momentum * buf[i] + grad[i];
            buf[i] = b;
            value[i] -= lr * b;
        }
    }

    @Override
    public OptimizerType type() {
        return OptimizerType.SGD;
    }
}
