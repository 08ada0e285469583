package dev.rnn.optim;

import dev.rnn.math.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An update rule over a fixed list of parameters. Its per-parameter state (moments, caches) lives
 * here, apart from the parameters, and can be exported and restored exactly for a resume.
 */
public abstract class Optimizer {
    private final List<Param> params;
    private final String[] slotNames;
    /** [slot][param][element]. */
    protected final float[][][] slots;
    /** The number of updates made so far. */
    protected long steps;

    protected Optimizer(List<Param> params, String... slotNames) {
        this.params = List.copyOf(params);
        this.slotNames = slotNames.clone();
        this.slots = new float[slotNames.length][params.size()][];
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < params.size(); p++) {
                slots[s][p] = new float[params.get(p).size()];
            }
        }
    }

    /** Applies one update with learning rate {@code lr} from the gradients in the parameters. */
    public final void step(float lr) {
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate is " + lr + ", expected a positive number");
        }
        steps++;
        for (int p = 0; p < params.size(); p++) {
            Param param = params.get(p);
            update(p, param.value().data, param.grad().data, param.size(), lr);
        }
    }

    /** Updates one parameter of {@code len} elements in place. */
    protected abstract void update(int index, float[] value, float[] grad, int len, float lr);

    public abstract OptimizerType type();

    public long steps() {
        return steps;
    }

    /**
     * The optimizer's state arrays by name ({@code optim.<param>.<slot>}), live: a checkpoint
     * reads them to save and writes into them to restore.
     */
    public Map<String, float[]> stateArrays() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.length; s++) {
            for (int p = 0; p < params.size(); p++) {
                out.put("optim." + params.get(p).name() + "." + slotNames[s], slots[s][p]);
            }
        }
        return out;
    }

    /** Restores the update count saved with the state arrays. */
    public void setSteps(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer step count " + steps + " is negative");
        }
        this.steps = steps;
    }

    /** The optimizer for a type with its usual hyperparameters. */
    public static Optimizer create(OptimizerType type, List<Param> params) {
        return switch (type) {
            case ADAM -> new Adam(params, 0.9f, 0.999f, 1e-8f);
            case RMSPROP -> new RmsProp(params, 0.95f, 1e-8f);
            case ADAGRAD -> new Adagrad(params, 1e-8f);
            case SGD -> new Sgd(params, 0.9f);
        };
    }
}
