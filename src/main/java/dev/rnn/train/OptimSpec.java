package dev.rnn.train;

import dev.rnn.optim.OptimizerType;

/**
 * How a run updates its weights and seeds its generators, fixed for its lifetime (the optimizer's
 * state in the checkpoint belongs to one optimizer).
 *
 * @param optimizer  adam, rmsprop, adagrad or sgd
 * @param momentum   SGD momentum, in [0, 1)
 * @param randomSeed seeds initialisation, dropout and samples
 */
public record OptimSpec(OptimizerType optimizer, float momentum, long randomSeed) {
    /** {@code rnn train}'s defaults: Adam, momentum 0.9 for SGD, seed 1234. */
    public static final OptimSpec DEFAULT = new OptimSpec(OptimizerType.ADAM, 0.9f, 1234);

    public OptimSpec {
        Specs.require(optimizer != null, "--optimizer is required");
        Specs.require(momentum >= 0 && momentum < 1, "--momentum is " + momentum + "; it must be in [0, 1)");
    }
}
