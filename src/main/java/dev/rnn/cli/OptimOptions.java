package dev.rnn.cli;

import dev.rnn.optim.OptimizerType;
import dev.rnn.train.LrSchedule;
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
    @Option(names = "--lr-schedule", description = "step (char-rnn's --lr-decay per epoch) or cosine (from --lr to"
            + " --min-lr over the run's first --max-steps, --epochs, or the steps --max-time allows, fixed at its start).")
    LrSchedule lrSchedule;
    @Option(names = "--lr-warmup", paramLabel = "STEPS", description = "Linear warm-up to --lr over this many steps first.")
    int lrWarmup;
    @Option(names = "--min-lr", description = "The learning rate a cosine ends at.")
    float minLr;

    OptimOptions(OptimSpec defaults) {
        set(defaults);
    }

    @Override
    OptimSpec toRecord() {
        return new OptimSpec(optimizer, momentum, randomSeed, lrSchedule, lrWarmup, minLr);
    }

    @Override
    void set(OptimSpec o) {
        optimizer = o.optimizer();
        momentum = o.momentum();
        randomSeed = o.randomSeed();
        lrSchedule = o.lrSchedule();
        lrWarmup = o.lrWarmup();
        minLr = o.minLr();
    }
}
