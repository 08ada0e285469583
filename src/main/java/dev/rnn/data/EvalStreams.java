package dev.rnn.data;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * Forward-only batches that predict every character of a text after the first exactly once, for
 * validation and scoring. The text is cut at boundaries a_0 = 0 < a_1 < ... < a_K = n - 1,
 * spread evenly; stream k reads inputs text[a_k .. a_{k+1} - 1] and predicts
 * text[a_k + 1 .. a_{k+1}], so neighbouring streams share their boundary character. Streams are
 * read T steps per chunk; a stream that has ended is padded with input 0 and target -1, which
 * the loss ignores.
 */
public final class EvalStreams {

    /** The target of a padded step; the loss skips targets below 0. */
    public static final int PAD_TARGET = -1;
    /** The input of a padded step; any valid id would do since its prediction is ignored. */
    public static final int PAD_INPUT = 0;

    private final IdSequence text;
    private final long[] starts; // (K+1) a_0 .. a_K
    private final int seqLength; // T
    private final long chunks;   // enough for the longest stream
    private long chunk;          // the next chunk to hand out

    /**
     * @param text      at least 2 ids
     * @param streams   K wanted; fewer are used when the text has fewer than K predictions
     * @param seqLength T, the time steps per chunk
     */
    public EvalStreams(IdSequence text, int streams, int seqLength) {
        long n = text.length();
        if (n < 2) {
            throw new IllegalArgumentException(
                    "text has " + n + " characters, need at least 2 (an input and a target)");
        }
        if (streams < 1 || seqLength < 1) {
            throw new IllegalArgumentException(
                    "streams " + streams + " and seq length " + seqLength + " must both be at least 1");
        }
        int k = (int) Math.min(streams, n - 1); // every stream predicts at least one character
        this.text = text;
        this.seqLength = seqLength;
        this.starts = new long[k + 1];
        for (int i = 0; i <= k; i++) {
            // i * (n - 1) overflows a long only past 2^63 / K characters; split the product to stay exact
            starts[i] = (n - 1) / k * i + (n - 1) % k * i / k;
        }
        long longest = 0;
        for (int i = 0; i < k; i++) {
            longest = Math.max(longest, starts[i + 1] - starts[i]);
        }
        this.chunks = (longest + seqLength - 1) / seqLength;
    }

    public boolean hasNext() {
        return chunk < chunks;
    }

    /**
     * Fills the next chunk, padding streams that have ended, and advances.
     *
     * @param inputs  (K*T) out, batch-major: inputs[k*T + t]
     * @param targets (K*T) out, the character after each input, or {@link #PAD_TARGET}
     * @return the number of real (non-padded) targets in this chunk
     */
    public int next(int[] inputs, int[] targets) {
        if (!hasNext()) {
            throw new NoSuchElementException("all " + chunks + " chunks have been read");
        }
        int k = streams();
        int size = k * seqLength;
        if (inputs.length != size || targets.length != size) {
            throw new IllegalArgumentException("inputs has length " + inputs.length + " and targets "
                    + targets.length + ", expected K*T = " + k + "*" + seqLength + " = " + size);
        }
        int real = 0;
        for (int s = 0; s < k; s++) {
            long from = starts[s] + chunk * seqLength;
            int len = (int) Math.max(0, Math.min(seqLength, starts[s + 1] - from));
            int row = s * seqLength;
            if (len > 0) {
                text.copyTo(from, inputs, row, len);
                text.copyTo(from + 1, targets, row, len);
            }
            Arrays.fill(inputs, row + len, row + seqLength, PAD_INPUT);
            Arrays.fill(targets, row + len, row + seqLength, PAD_TARGET);
            real += len;
        }
        chunk++;
        return real;
    }

    /** K, the rows of every chunk (at most the number of streams asked for). */
    public int streams() {
        return starts.length - 1;
    }

    /** The number of chunks in the pass. */
    public long chunks() {
        return chunks;
    }

    /** T. */
    public int seqLength() {
        return seqLength;
    }

    /** n - 1: every character after the first is predicted once. */
    public long predictions() {
        return starts[starts.length - 1];
    }
}
