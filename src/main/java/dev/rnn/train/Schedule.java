package dev.rnn.train;

/**
 * The options a run may change when it is resumed: how fast it learns (the learning-rate rule,
 * clipping), how long it goes on, how often it evaluates, checkpoints and samples, and on how
 * many threads.
 *
 * @param lr              the learning rate
 * @param lrDecay         multiply the learning rate by this after every epoch past lrDecayAfter, in (0, 1]
 * @param lrDecayAfter    the epoch after which the decay starts
 * @param clip            gradient clipping by global L2 norm; 0 disables
 * @param clipValue       elementwise clipping to ±value; 0 disables
 * @param epochs          stop after this many passes over the training split; 0 means no limit
 * @param maxSteps        stop after this many steps; 0 means no limit
 * @param maxTimeSeconds  stop after this much training time; 0 means no limit
 * @param evalEvery       evaluate every this many steps (and at the end)
 * @param checkpointEvery write last.safetensors every this many steps (and at the end)
 * @param sampleLen       characters of sample text logged at each evaluation; 0 disables
 * @param threads         threads for the matrix products
 */
public record Schedule(float lr, float lrDecay, int lrDecayAfter, float clip, float clipValue,
                       int epochs, long maxSteps, long maxTimeSeconds,
                       int evalEvery, int checkpointEvery, int sampleLen, int threads) {
    /**
     * {@code rnn train}'s defaults (Adam 2e-3, clip 5, char-rnn's decay and 50 epochs), on every core.
     * A new run given --max-steps or --max-time, and not --epochs, has no epoch limit ({@link #untilGivenLimit}).
     */
    public static final Schedule DEFAULT = new Schedule(0.002f, 0.97f, 10, 5f, 0f, 50, 0, 0, 500, 100, 200,
            Runtime.getRuntime().availableProcessors());

    public Schedule {
        Specs.require(lr > 0 && Float.isFinite(lr), "--lr is " + lr + "; it must be a positive number (try 0.002)");
        Specs.require(lrDecay > 0 && lrDecay <= 1, "--lr-decay is " + lrDecay + "; it must be in (0, 1]");
        Specs.require(lrDecayAfter >= 0, "--lr-decay-after is " + lrDecayAfter + "; it must be >= 0");
        Specs.require(clip >= 0 && Float.isFinite(clip), "--clip is " + clip + "; it must be >= 0 (0 disables clipping)");
        Specs.require(clipValue >= 0 && Float.isFinite(clipValue),
                "--clip-value is " + clipValue + "; it must be >= 0 (0 disables it)");
        Specs.require(epochs >= 0, "--epochs is " + epochs + "; it must be >= 0 (0 = no limit)");
        Specs.require(maxSteps >= 0, "--max-steps is " + maxSteps + "; it must be >= 0 (0 = no limit)");
        Specs.require(maxTimeSeconds >= 0, "--max-time must be >= 0 (0 = no limit)");
        Specs.require(evalEvery >= 1, "--eval-every is " + evalEvery + "; it must be at least 1");
        Specs.require(checkpointEvery >= 1, "--checkpoint-every is " + checkpointEvery + "; it must be at least 1");
        Specs.require(sampleLen >= 0, "--sample-len is " + sampleLen + "; it must be >= 0");
        Specs.require(threads >= 1, "--threads is " + threads + "; it must be at least 1");
    }

    /** The learning rate during {@code epoch} (0-based): decayed once per epoch past lrDecayAfter. */
    public float learningRate(int epoch) {
        int decays = Math.max(0, epoch - lrDecayAfter);
        return (float) (lr * Math.pow(lrDecay, decays));
    }

    /**
     * This schedule without its epoch limit when it has a step or time limit: a budget the user
     * gave is the run's length, not cut short by the default 50 epochs (a 2x256 LSTM on
     * tinyshakespeare reaches 50 epochs in ~30 of 60 minutes).
     */
    public Schedule untilGivenLimit() {
        return maxSteps == 0 && maxTimeSeconds == 0 ? this : new Schedule(lr, lrDecay, lrDecayAfter, clip, clipValue,
                0, maxSteps, maxTimeSeconds, evalEvery, checkpointEvery, sampleLen, threads);
    }

    /** Whether the run stops by itself: at a step, time or epoch limit. */
    public boolean hasLimit() {
        return epochs > 0 || maxSteps > 0 || maxTimeSeconds > 0;
    }

    /**
     * The limit a run at this point has reached, or null: the step count, the training time
     * (seconds, summed over resumes) or the epoch (0-based, so {@code epochs} means all done).
     */
    public StopReason limitReached(long step, double elapsedSeconds, long epoch) {
        if (maxSteps > 0 && step >= maxSteps) {
            return StopReason.MAX_STEPS;
        }
        if (maxTimeSeconds > 0 && elapsedSeconds >= maxTimeSeconds) {
            return StopReason.MAX_TIME;
        }
        if (epochs > 0 && epoch >= epochs) {
            return StopReason.EPOCHS;
        }
        return null;
    }
}
