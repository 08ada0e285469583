package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A tally adds one character and its -log q(c) at a time. */
class UnknownTallyTest {
    @Test
    void plusCountsAndAddsTheCost() {
        Vocabulary v = Vocabulary.withUnknown(new int[] {'a'}).withUnknownCounts(new int[] {'x'}, new long[] {1});
        UnknownTally t = UnknownTally.NONE.plus(v, 'x').plus(v, 'x');
        assertEquals(2, t.chars());
        assertEquals(2 * Math.log(2), t.nats(), 1e-12); // q(x) = 1 / (1 + 1)
        assertEquals(0, UnknownTally.NONE.chars());
    }
}
