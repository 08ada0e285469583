package dev.rnn.optim;

import dev.rnn.math.Param;
import java.util.List;

/** Adagrad as min-char-rnn writes it: mem ← mem + g²; p ← p − lr · g / √(mem + ε). */
public final class Adagrad extends Optimizer {
    private final float eps;

    public Adagrad(List<Param> params, float eps) {
        super(params, "sum");
        this.eps = eps;
    }

    @Override
    protected void update(int index, float[] value, float[] grad, int len, float lr) {
        float[] mem = slots[0][index];
        for (int i = 0; i < len; i++) {
            float g = grad[i];
            mem[i] += g * g;
            value[i] -= lr * g / (float) Math.sqrt(mem[i] + eps);
        }
    }

    @Override
    public OptimizerType type() {
        return OptimizerType.ADAGRAD;
    }
}
