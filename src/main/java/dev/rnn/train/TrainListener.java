package dev.rnn.train;

import java.nio.file.Path;

/** What a training run reports as it goes; the command line turns it into progress and logs. */
public interface TrainListener {

    /** After every step. */
    default void onStep(StepReport report) {
    }

    /** After every evaluation, which took {@code seconds}; {@code sample} is empty when samples are off. */
    default void onEval(long step, Evaluator.Score score, double seconds, boolean best, String sample) {
    }

    /** After a checkpoint was written. */
    default void onCheckpoint(Path file) {
    }

    /**
     * One step's figures. {@code totalSteps} is the step the run is expected to stop at (under
     * --max-time an estimate from the pace so far), or 0 when it has no limit.
     */
    record StepReport(long step, long totalSteps, int epoch, double epochProgress, double loss, float lr,
                      double gradNorm, double charsPerSec, double elapsedSeconds, long maxTimeSeconds) {
    }
}
