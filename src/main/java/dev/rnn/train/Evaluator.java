package dev.rnn.train;

import dev.rnn.data.EvalStreams;
import dev.rnn.data.IdSequence;
import dev.rnn.data.UnknownTally;
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

    /**
     * The mean loss in nats per predicted character, how many were predicted and how many of them
     * were unknown to the vocabulary (each charged -log p(unknown) - log q(c)).
     */
    public record Score(double natsPerChar, long chars, long unknownChars) {
        public Score(double natsPerChar, long chars) {
            this(natsPerChar, chars, 0);
        }

        public double bitsPerChar() {
            return natsPerChar / Math.log(2);
        }
    }

    /** The score of a text all of whose characters have their own id. */
    public Score score(IdSequence text) {
        return score(text, UnknownTally.NONE);
    }

    /** The score of a text whose unknown characters (among characters 2..n) cost {@code unknown.nats()} beyond the model's loss. */
    public Score score(IdSequence text, UnknownTally unknown) {
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
        return new Score(count == 0 ? Double.NaN : (total + unknown.nats()) / count, count, unknown.chars());
    }
}
