package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The learning-rate rules: linear warm-up, char-rnn's step decay, a cosine to a floor at the horizon. */
class LrScheduleTest {
    private static final Schedule S = new Schedule(0.01f, 0.5f, 1, 5f, 0f, 50, 0, 0, 500, 100, 200, 1);

    @Test
    void warmUpRisesLinearlyToLr() {
        for (LrSchedule rule : LrSchedule.values()) {
            assertEquals(0.0025f, rule.learningRate(S, 4, 0f, 0, 0, 100), 1e-9f, rule + " step 1 of 4");
            assertEquals(0.005f, rule.learningRate(S, 4, 0f, 1, 0, 100), 1e-9f);
            assertEquals(0.01f, rule.learningRate(S, 4, 0f, 3, 0, 100), 1e-9f, rule + " the last warm-up step is lr");
        }
    }

    @Test
    void stepDecaysPerEpochAsCharRnn() {
        assertEquals(S.learningRate(0), LrSchedule.STEP.learningRate(S, 0, 0f, 0, 0, 0));
        assertEquals(S.learningRate(3), LrSchedule.STEP.learningRate(S, 0, 0f, 500, 3, 0));
        assertEquals(0.0025f, LrSchedule.STEP.learningRate(S, 0, 0f, 500, 3, 0), 1e-9f);
    }

    @Test
    void cosineFallsFromLrToTheFloorAtTheHorizon() {
        float min = 0.001f;
        long horizon = 110;
        int warmup = 10;
        assertEquals(0.01f, LrSchedule.COSINE.learningRate(S, warmup, min, 10, 0, horizon), 1e-9f, "starts at lr");
        assertEquals((0.01f + min) / 2, LrSchedule.COSINE.learningRate(S, warmup, min, 60, 0, horizon), 1e-7f, "halfway");
        assertEquals(min, LrSchedule.COSINE.learningRate(S, warmup, min, 110, 0, horizon), 1e-9f, "the floor at the horizon");
        assertEquals(min, LrSchedule.COSINE.learningRate(S, warmup, min, 500, 9, horizon), 1e-9f, "and after it");
        float previous = Float.MAX_VALUE;
        for (long step = warmup; step <= horizon; step++) {
            float lr = LrSchedule.COSINE.learningRate(S, warmup, min, step, 0, horizon);
            assertTrue(lr <= previous, "falls monotonically; step " + step);
            previous = lr;
        }
        assertEquals(0.01f, LrSchedule.COSINE.learningRate(S, 0, min, 1000, 0, 0), "an unknown horizon holds lr");
        assertEquals(LrSchedule.COSINE.learningRate(S, 0, min, 3, 0, 110), LrSchedule.COSINE.learningRate(S, 0, min, 3, 8, 110),
                "epochs do not decay a cosine");
    }
}
