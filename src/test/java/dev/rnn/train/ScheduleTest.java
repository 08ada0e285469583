package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The schedule: char-rnn's learning-rate decay, and values out of range refused with the option's name. */
class ScheduleTest {
    private static Schedule withLr(float lr, float decay, int after) {
        return new Schedule(lr, decay, after, 5f, 0f, 50, 0, 0, 500, 100, 200, 1);
    }

    @Test
    void theRateDecaysOncePerEpochPastLrDecayAfter() {
        Schedule s = withLr(0.002f, 0.5f, 2);
        assertEquals(0.002f, s.learningRate(0));
        assertEquals(0.002f, s.learningRate(2));
        assertEquals(0.001f, s.learningRate(3));
        assertEquals(0.0005f, s.learningRate(4));
        assertEquals(0.002f, withLr(0.002f, 1f, 0).learningRate(40));
    }

    @Test
    void valuesOutOfRangeNameTheirOption() {
        assertMessage(() -> withLr(0, 0.5f, 2), "--lr is 0.0; it must be a positive number (try 0.002)");
        assertMessage(() -> withLr(0.1f, 1.5f, 2), "--lr-decay is 1.5; it must be in (0, 1]");
        assertMessage(() -> withLr(0.1f, 0.5f, -1), "--lr-decay-after is -1");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, -1f, 0f, 1, 0, 0, 1, 1, 0, 1), "--clip is -1.0");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, Float.NaN, 1, 0, 0, 1, 1, 0, 1), "--clip-value is NaN");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, -1, 0, 0, 1, 1, 0, 1), "--epochs is -1; it must be >= 0");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, 1, -1, 0, 1, 1, 0, 1), "--max-steps is -1");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, 1, 0, -1, 1, 1, 0, 1), "--max-time must be >= 0");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, 1, 0, 0, 0, 1, 0, 1), "--eval-every is 0");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, 1, 0, 0, 1, 0, 0, 1), "--checkpoint-every is 0");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, 1, 0, 0, 1, 1, -1, 1), "--sample-len is -1");
        assertMessage(() -> new Schedule(0.1f, 1f, 0, 0f, 0f, 1, 0, 0, 1, 1, 0, 0), "--threads is 0");
    }

    static void assertMessage(Runnable build, String expected) {
        String m = assertThrows(IllegalArgumentException.class, build::run).getMessage();
        assertTrue(m.startsWith(expected), "expected '" + expected + "' in: " + m);
    }

    @Test
    void theDefaultsAreRnnTrains() {
        Schedule d = Schedule.DEFAULT;
        assertEquals(0.002f, d.lr());
        assertEquals(5f, d.clip());
        assertEquals(0f, d.clipValue());
        assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
    }

    @Test
    void limitReachedNamesTheFirstLimitARunHasReached() {
        Schedule s = new Schedule(0.002f, 0.97f, 10, 5f, 0f, 3, 100, 60, 500, 100, 200, 1);
        assertEquals(null, s.limitReached(99, 59.9, 2));
        assertEquals(StopReason.MAX_STEPS, s.limitReached(100, 0, 0));
        assertEquals(StopReason.MAX_TIME, s.limitReached(5, 60.0, 0));
        assertEquals(StopReason.EPOCHS, s.limitReached(5, 1, 3));
        Schedule unlimited = new Schedule(0.002f, 0.97f, 10, 5f, 0f, 3, 0, 0, 500, 100, 200, 1);
        assertEquals(null, unlimited.limitReached(1_000_000, 1e6, 2), "0 means no step or time limit");
        Schedule noEpochLimit = new Schedule(0.002f, 0.97f, 10, 5f, 0f, 0, 0, 60, 500, 100, 200, 1);
        assertEquals(null, noEpochLimit.limitReached(1_000_000, 59, 10_000), "--epochs 0 means no epoch limit");
        assertEquals(StopReason.MAX_TIME, noEpochLimit.limitReached(1, 60, 0));
    }

    @Test
    void aGivenStepOrTimeLimitLiftsTheEpochLimitAndOnlyThen() {
        Schedule d = Schedule.DEFAULT;
        assertEquals(50, d.epochs());
        assertEquals(d, d.untilGivenLimit(), "no step or time limit: the 50 epochs stay");
        Schedule timed = new Schedule(0.002f, 0.97f, 10, 5f, 0f, 50, 0, 3600, 500, 100, 200, 1);
        assertEquals(new Schedule(0.002f, 0.97f, 10, 5f, 0f, 0, 0, 3600, 500, 100, 200, 1), timed.untilGivenLimit());
        Schedule stepped = new Schedule(0.002f, 0.97f, 10, 5f, 0f, 50, 30_000, 0, 500, 100, 200, 1);
        assertEquals(0, stepped.untilGivenLimit().epochs());
        assertEquals(30_000, stepped.untilGivenLimit().maxSteps());
        assertTrue(stepped.untilGivenLimit().hasLimit());
        assertTrue(!new Schedule(0.002f, 0.97f, 10, 5f, 0f, 0, 0, 0, 500, 100, 200, 1).hasLimit());
    }
}
