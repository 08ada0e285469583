package dev.rnn.data;

/**
 * The characters of a scored text that the vocabulary does not have, and what naming them costs
 * beyond the model's -log p(unknown): the sum of -log q(c) over them, in nats.
 *
 * @param chars how many predicted characters were unknown
 * @param nats  their summed -log q(c)
 */
public record UnknownTally(long chars, double nats) {
    /** A text without unknown characters. */
    public static final UnknownTally NONE = new UnknownTally(0, 0);

    /** The tally with one more unknown character {@code codePoint} scored under {@code vocab}. */
    public UnknownTally plus(Vocabulary vocab, int codePoint) {
        return new UnknownTally(chars + 1, nats + vocab.unknownNats(codePoint));
    }
}
