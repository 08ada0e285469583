package dev.rnn.data;

/**
 * char-rnn style training batches for truncated backpropagation through time. The text is cut
 * into N contiguous streams of streamLen = (length - 1) / N characters, stream n starting at
 * n * streamLen; chunk c of an epoch gives each stream its next T characters, so the hidden state
 * carried from chunk c to c + 1 continues the same text. The epoch's last chunk wraps to chunk 0
 * of the next epoch, where the trainer resets the hidden state.
 */
public final class BatchStreams {

    private final IdSequence train;
    private final int batchSize;      // N
    private final int seqLength;      // T
    private final long streamLength;  // characters per stream (the last stream's +1 target included)
    private final long chunksPerEpoch;
    private int epoch;
    private long chunk;               // the next chunk to hand out

    /**
     * @param train     the training ids
     * @param batchSize N, the number of parallel streams
     * @param seqLength T, the time steps per chunk
     */
    public BatchStreams(IdSequence train, int batchSize, int seqLength) {
        if (batchSize < 1 || seqLength < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " and seq length "
                    + seqLength + " must both be at least 1");
        }
        long n = train.length();
        if (n < 2) {
            throw new IllegalArgumentException(
                    "training text has " + n + " characters, need at least 2 (an input and a target)");
        }
        this.train = train;
        this.batchSize = batchSize;
        this.seqLength = seqLength;
        this.streamLength = (n - 1) / batchSize;
        this.chunksPerEpoch = streamLength / seqLength;
        if (chunksPerEpoch < 1) {
            throw new IllegalArgumentException(tooShort(n, batchSize, seqLength));
        }
    }

    private static String tooShort(long n, int batchSize, int seqLength) {
        // one chunk needs N*T inputs plus the target after the last one (so n - 1 < N*T: both fit an int)
        long maxBatch = (n - 1) / seqLength;
        long maxSeq = (n - 1) / batchSize;
        String fix;
        if (maxBatch >= 1 && maxSeq >= 1) {
            fix = "use batch size at most " + maxBatch + " (with seq length " + seqLength
                    + ") or seq length at most " + maxSeq + " (with batch size " + batchSize + ")";
        } else if (maxBatch >= 1) {
            fix = "use batch size at most " + maxBatch + " (with seq length " + seqLength + ")";
        } else if (maxSeq >= 1) {
            fix = "use seq length at most " + maxSeq + " (with batch size " + batchSize + ")";
        } else {
            fix = "use batch size 1 with seq length at most " + (n - 1);
        }
        return "training text (" + n + " chars) is too short for " + batchSize + " streams of "
                + seqLength + " steps, which need at least " + ((long) batchSize * seqLength + 1)
                + " chars; " + fix;
    }

    /**
     * Fills the next chunk and advances, wrapping to the next epoch after the last chunk.
     *
     * @param inputs  (N*T) out, batch-major: inputs[n*T + t] = train[n*streamLen + c*T + t]
     * @param targets (N*T) out, the character after each input
     */
    public void next(int[] inputs, int[] targets) {
        int size = batchSize * seqLength;
        if (inputs.length != size || targets.length != size) {
            throw new IllegalArgumentException("inputs has length " + inputs.length + " and targets "
                    + targets.length + ", expected N*T = " + batchSize + "*" + seqLength + " = " + size);
        }
        for (int n = 0; n < batchSize; n++) {
            long from = n * streamLength + chunk * seqLength;
            train.copyTo(from, inputs, n * seqLength, seqLength);
            train.copyTo(from + 1, targets, n * seqLength, seqLength);
        }
        if (++chunk == chunksPerEpoch) {
            chunk = 0;
            epoch++;
        }
    }

    /** Moves to chunk {@code chunk} of epoch {@code epoch}, to resume training exactly. */
    public void seek(int epoch, long chunk) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " is negative");
        }
        if (chunk < 0 || chunk >= chunksPerEpoch) {
            throw new IllegalArgumentException(
                    "chunk " + chunk + " is out of range [0, " + chunksPerEpoch + ")");
        }
        this.epoch = epoch;
        this.chunk = chunk;
    }

    /** The epoch of the next chunk, counting from 0. */
    public int epoch() {
        return epoch;
    }

    /** The position in its epoch of the next chunk. */
    public long chunk() {
        return chunk;
    }

    /** True when the next chunk starts an epoch: the streams restart, so reset hidden state. */
    public boolean atEpochStart() {
        return chunk == 0;
    }

    public long chunksPerEpoch() {
        return chunksPerEpoch;
    }

    /** N*T, the characters (and predictions) in one chunk. */
    public long charsPerChunk() {
        return (long) batchSize * seqLength;
    }

    /** N. */
    public int batchSize() {
        return batchSize;
    }

    /** T. */
    public int seqLength() {
        return seqLength;
    }
}
