package dev.rnn.train;

import dev.rnn.optim.OptimizerType;

/**
 * How a run updates its weights and seeds its generators, fixed for its lifetime (the optimizer's
 * state in the checkpoint belongs to one optimizer; the learning-rate rule's shape is fixed
 * because a cosine's horizon is, so that a resumed run keeps the bits of one run).
 *
 * @param optimizer  adam, rmsprop, adagrad or sgd
 * @param momentum   SGD momentum, in [0, 1)
 * @param randomSeed seeds initialisation, dropout and samples
 * @param lrSchedule step (char-rnn's decay) or cosine
 * @param lrWarmup   steps of linear warm-up to --lr first; 0 = none
 * @param minLr      the floor a cosine decays to, >= 0
 */
public record OptimSpec(OptimizerType optimizer, float momentum, long randomSeed, LrSchedule lrSchedule, int lrWarmup,
                        float minLr) {
    /** {@code rnn train}'s defaults: Adam, momentum 0.9 for SGD, seed 1234, char-rnn's step decay without warm-up. */
    public static final OptimSpec DEFAULT = new OptimSpec(OptimizerType.ADAM, 0.9f, 1234, LrSchedule.STEP, 0, 0f);

    /** With char-rnn's step decay and no warm-up. */
    public OptimSpec(OptimizerType optimizer, float momentum, long randomSeed) {
        this(optimizer, momentum, randomSeed, LrSchedule.STEP, 0, 0f);
    }

    public OptimSpec {
        Specs.require(optimizer != null, "--optimizer is required");
        Specs.require(momentum >= 0 && momentum < 1, "--momentum is " + momentum + "; it must be in [0, 1)");
        Specs.require(lrSchedule != null, "--lr-schedule is required");
        Specs.require(lrWarmup >= 0, "--lr-warmup is " + lrWarmup + "; it must be >= 0 (0 = no warm-up)");
        Specs.require(minLr >= 0 && Float.isFinite(minLr), "--min-lr is " + minLr + "; it must be >= 0");
        Specs.require(minLr == 0 || lrSchedule == LrSchedule.COSINE, "--min-lr applies to --lr-schedule cosine only");
    }

    /** The learning rate of the step after {@code step} steps; see {@link LrSchedule#learningRate}. */
    public float learningRate(Schedule s, long step, int epoch, long horizon) {
        return lrSchedule.learningRate(s, lrWarmup, minLr, step, epoch, horizon);
    }
}
