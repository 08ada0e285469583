package dev.rnn.train;

import static dev.rnn.train.ScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn.optim.OptimizerType;
import org.junit.jupiter.api.Test;

/** The optimizer spec refuses a momentum out of [0, 1) and an absent optimizer. */
class OptimSpecTest {
    @Test
    void valuesOutOfRangeNameTheirOption() {
        assertMessage(() -> new OptimSpec(OptimizerType.SGD, 1f, 1), "--momentum is 1.0; it must be in [0, 1)");
        assertMessage(() -> new OptimSpec(null, 0.9f, 1), "--optimizer is required");
        assertEquals(OptimizerType.ADAM, OptimSpec.DEFAULT.optimizer());
    }
}
