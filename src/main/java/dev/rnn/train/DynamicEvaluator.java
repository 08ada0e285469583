package dev.rnn.train;

import dev.rnn.data.EvalStreams;
import dev.rnn.data.IdSequence;
import dev.rnn.math.Param;
import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;
import java.util.function.Supplier;

/**
 * Dynamic evaluation (Krause et al. 2018, the SGD form): the text is read as one stream from a
 * zero state in chunks of T characters; each chunk is scored first, then the weights take one
 * gradient step θ ← θ − η·∇(mean loss of the chunk) on it, so later text is predicted by a model
 * adapted to what came before. It works on fresh copies of the model (from {@code copies}), never
 * on the weights it was given, so the file they came from is never touched.
 */
public final class DynamicEvaluator {
    /** The step sizes {@link #tune} may try, in order: the grid, then rungs beyond either end of it. */
    public static final float[] LADDER = {1e-6f, 3e-6f, 1e-5f, 3e-5f, 1e-4f, 3e-4f, 1e-3f, 3e-3f, 1e-2f, 3e-2f, 1e-1f,
        3e-1f, 1f, 3f, 10f};
    /** The rungs of {@link #LADDER} that {@link #tune} always tries: 1e-4 … 1e-1. */
    static final int GRID_FROM = 4;
    static final int GRID_TO = 11;

    private final Supplier<CharRnn> copies;
    private final int chunk;

    /**
     * @param copies a fresh copy of the model's weights at each call
     * @param chunk  T: characters scored before each gradient step
     */
    public DynamicEvaluator(Supplier<CharRnn> copies, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("--dynamic-seq-len is " + chunk + "; it must be at least 1");
        }
        this.copies = copies;
        this.chunk = chunk;
    }

    /** The dynamic score of {@code text} with step size {@code lr} (0: the static score, chunk by chunk). */
    public Evaluator.Score score(IdSequence text, float lr) {
        CharRnn model = copies.get();
        EvalStreams es = new EvalStreams(text, 1, chunk);
        Workspace ws = model.newWorkspace(1, chunk);
        int[] inputs = new int[chunk];
        int[] targets = new int[chunk];
        RnnState state = model.newState(1);
        double total = 0;
        long count = 0;
        while (es.hasNext()) {
            es.next(inputs, targets);
            model.zeroGrad();
            model.forward(ws, inputs, targets, state, null); // scored before the model sees its gradient
            total += ws.lossSum();
            count += ws.targetCount();
            if (lr > 0 && ws.targetCount() > 0) {
                model.backward(ws);
                for (Param p : model.params()) {
                    float[] v = p.value().data;
                    float[] g = p.grad().data;
                    for (int i = 0; i < v.length; i++) {
                        v[i] -= lr * g[i];
                    }
                }
            }
        }
        return new Evaluator.Score(count == 0 ? Double.NaN : total / count, count);
    }

    /**
     * The step size with the lowest dynamic score on {@code text}, which must not be the text
     * reported on: the best of the grid 1e-4 … 1e-1, and while the best is at an end of what was
     * tried, the next rung of {@link #LADDER} beyond it, until one scores worse. (A model whose
     * held-out text is far from its training text, e.g. new speakers' names, wants steps past 0.1.)
     */
    public float tune(IdSequence text) {
        int best = -1;
        double bestLoss = Double.NaN;
        for (int i = GRID_FROM; i < GRID_TO; i++) {
            double loss = score(text, LADDER[i]).natsPerChar();
            if (best < 0 || loss < bestLoss) {
                best = i;
                bestLoss = loss;
            }
        }
        int step = best == GRID_TO - 1 ? 1 : best == GRID_FROM ? -1 : 0;
        for (int i = best + step; step != 0 && i >= 0 && i < LADDER.length; i += step) {
            double loss = score(text, LADDER[i]).natsPerChar();
            if (!(loss < bestLoss)) { // worse, or NaN from a step that diverged
                break;
            }
            best = i;
            bestLoss = loss;
        }
        return LADDER[best];
    }
}
