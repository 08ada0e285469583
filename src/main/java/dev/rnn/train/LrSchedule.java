package dev.rnn.train;

/** The learning-rate rule of a run, fixed for its lifetime: {@code --lr-schedule}. */
public enum LrSchedule {
    /** char-rnn's: --lr, multiplied by --lr-decay after every epoch past --lr-decay-after. */
    STEP,
    /** Linear warm-up, then half a cosine from --lr down to --min-lr at the run's horizon (Loshchilov and Hutter 2017). */
    COSINE;

    /**
     * The learning rate of the step after {@code step} steps, in {@code epoch} (0-based): first a
     * linear warm-up over {@code warmup} steps (lr·(step+1)/warmup), then the rule. COSINE reaches
     * {@code minLr} at step {@code horizon} and stays there; a horizon of 0 (not yet known) holds lr.
     */
    public float learningRate(Schedule s, int warmup, float minLr, long step, int epoch, long horizon) {
        if (step < warmup) {
            return (float) ((double) s.lr() * (step + 1) / warmup);
        }
        if (this == STEP) {
            return s.learningRate(epoch);
        }
        if (horizon <= 0) {
            return s.lr();
        }
        double progress = Math.min(1.0, (double) (step - warmup) / Math.max(1, horizon - warmup));
        return (float) (minLr + (s.lr() - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
