package dev.rnn.train;

import dev.rnn.data.EvalStreams;
import dev.rnn.data.IdSequence;
import dev.rnn.model.CharRnn;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;

/**
 * Mean cross-entropy of a model on a text, forward only: the text is cut into K contiguous
 * streams that each start from a zero state and carry it across chunks, so every character after
 * the first is predicted exactly once. K is fixed by the caller (not by the training batch), so
 * the figure does not depend on the training batch size or sequence length.
 */
public final class Evaluator {
    /** Streams used for validation during training. */
    public static final int VALIDATION_STREAMS = 32;
    /** Steps per chunk; the result does not depend on it (the state is carried). */
    public static final int CHUNK = 128;

    private final CharRnn model;
    private final int streams;
    private final int chunk;
    private Workspace ws;

    public Evaluator(CharRnn model, int streams, int chunk) {
        this.model = model;
        this.streams = streams;
        this.chunk = chunk;
    }

    /** The mean loss in nats per predicted character, and how many were predicted. */
    public record Score(double natsPerChar, long chars) {
        public double bitsPerChar() {
            return natsPerChar / Math.log(2);
        }
    }

    public Score score(IdSequence text) {
        EvalStreams es = new EvalStreams(text, streams, chunk);
        int k = es.streams();
        if (ws == null || ws.streams() != k) {
            ws = model.newWorkspace(k, chunk);
        }
        int[] inputs = new int[k * chunk];
        int[] targets = new int[k * chunk];
        RnnState state = model.newState(k);
        double total = 0;
        long count = 0;
        while (es.hasNext()) {
            es.next(inputs, targets);
            model.forward(ws, inputs, targets, state, null);
            total += ws.lossSum();
            count += ws.targetCount();
        }
        return new Score(count == 0 ? Double.NaN : total / count, count);
    }
}
