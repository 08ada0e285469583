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
        assertMessage(() -> new OptimSpec(OptimizerType.ADAM, 0.9f, 1, LrSchedule.COSINE, -1, 0f), "--lr-warmup is -1");
        assertMessage(() -> new OptimSpec(OptimizerType.ADAM, 0.9f, 1, LrSchedule.COSINE, 0, -1f), "--min-lr is -1.0");
        assertMessage(() -> new OptimSpec(OptimizerType.ADAM, 0.9f, 1, LrSchedule.STEP, 0, 1e-4f),
                "--min-lr applies to --lr-schedule cosine only");
        assertMessage(() -> new OptimSpec(OptimizerType.ADAM, 0.9f, 1, null, 0, 0f), "--lr-schedule is required");
        assertEquals(OptimizerType.ADAM, OptimSpec.DEFAULT.optimizer());
    }
}
