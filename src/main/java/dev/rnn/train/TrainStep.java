package dev.rnn.train;

import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;
import dev.rnn.optim.GradientClipping;
import dev.rnn.optim.Optimizer;

/**
 * One training step on a chunk of N streams × T characters, the same for the trainer and the
 * benchmark: zero the gradients → forward → backward → global norm (clipped to {@code clip} when
 * it is > 0) → divergence check → clip each element to ±{@code clipValue} (when > 0) → optimizer
 * step. The workspace is allocated once, here.
 */
public final class TrainStep {
    /** Looks at a step's loss and gradient norm before the update; throws to stop the run. */
    @FunctionalInterface
    public interface DivergenceCheck {
        /** Never stops: for the benchmark, which only times the step. */
        DivergenceCheck NONE = (loss, norm) -> { };

        void check(double loss, double norm);
    }

    /** What a step measured: the mean loss in nats per character and the gradient's global norm before clipping. */
    public record Outcome(double loss, double norm) {
    }

    private final CharRnn model;
    private final Optimizer optimizer;
    private final Workspace ws;

    public TrainStep(CharRnn model, Optimizer optimizer, int n, int t) {
        this.model = model;
        this.optimizer = optimizer;
        this.ws = model.newWorkspace(n, t);
        model.backend().warmUp();
    }

    /**
     * Trains on one chunk.
     *
     * @param inputs    (N·T) ids, stream-major
     * @param targets   (N·T) the next ids
     * @param streams   the N streams' states, carried into the next step
     * @param dropout   the dropout generator
     * @param lr        this step's learning rate
     * @param clip      the global L2 norm to clip to; 0 disables
     * @param clipValue the bound of each gradient element; 0 disables
     * @param check     sees the loss and norm before anything is updated
     */
    public Outcome run(int[] inputs, int[] targets, RnnState streams, Rng dropout, float lr, float clip,
                       float clipValue, DivergenceCheck check) {
        model.zeroGrad();
        model.forward(ws, inputs, targets, streams, dropout);
        double loss = ws.meanLoss();
        model.backward(ws);
        double norm = clip > 0
                ? GradientClipping.clipGlobalNorm(model.params(), clip)
                : GradientClipping.globalNorm(model.params());
        check.check(loss, norm);
        if (clipValue > 0) {
            GradientClipping.clipValue(model.params(), clipValue);
        }
        optimizer.step(lr);
        return new Outcome(loss, norm);
    }
}
