package dev.rnn.cli;

import dev.rnn.optim.OptimizerType;
import dev.rnn.train.OptimSpec;
import picocli.CommandLine.Option;

/** The optimizer and seed of {@code rnn train}: an {@link OptimSpec}. */
final class OptimOptions extends OptionGroup<OptimSpec> {
    @Option(names = "--optimizer", description = "adam, rmsprop, adagrad or sgd.")
    OptimizerType optimizer;
    @Option(names = "--momentum", description = "Momentum for sgd.")
    float momentum;
    @Option(names = "--random-seed", description = "Seeds initialisation, dropout and samples.")
    long randomSeed;

    OptimOptions(OptimSpec defaults) {
        set(defaults);
    }

    @Override
    OptimSpec toRecord() {
        return new OptimSpec(optimizer, momentum, randomSeed);
    }

    @Override
    void set(OptimSpec o) {
        optimizer = o.optimizer();
        momentum = o.momentum();
        randomSeed = o.randomSeed();
    }
}
