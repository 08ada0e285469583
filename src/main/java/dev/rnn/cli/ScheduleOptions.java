package dev.rnn.cli;

import dev.rnn.train.Schedule;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code rnn train} that {@code --resume} may change: a {@link Schedule}. */
final class ScheduleOptions extends OptionGroup<Schedule> {
    @Option(names = "--lr", description = "Learning rate.")
    float lr;
    @Option(names = "--lr-decay", description = "Multiply the learning rate by this after each epoch past --lr-decay-after.")
    float lrDecay;
    @Option(names = "--lr-decay-after", description = "Epochs before the decay starts.")
    int lrDecayAfter;
    @Option(names = "--clip", description = "Clip gradients to this global L2 norm; 0 disables.")
    float clip;
    @Option(names = "--clip-value", description = "Clip each gradient element to ±this (char-rnn uses 5); 0 disables.")
    float clipValue;
    @Option(names = "--epochs", description = "Passes over the training split; 0 = no limit. A run (new or resumed) given"
            + " --max-steps or --max-time and not --epochs has no epoch limit.")
    int epochs;
    @Option(names = "--max-steps", description = "Stop after this many steps; 0 = no limit.")
    long maxSteps;
    @Option(names = "--max-time", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this much training time, e.g. 90s, 10m, 2h (a number: seconds); 0 = no limit.")
    long maxTimeSeconds;
    @Option(names = "--eval-every", description = "Evaluate on the validation split every this many steps (and at the end).")
    int evalEvery;
    @Option(names = "--checkpoint-every", description = "Write last.safetensors every this many steps.")
    int checkpointEvery;
    @Option(names = "--sample-len", description = "Characters of sample text logged at each evaluation; 0 = none.")
    int sampleLen;
    @Mixin
    ThreadsOptions threads;

    ScheduleOptions(Schedule defaults) {
        threads = new ThreadsOptions(defaults.threads());
        set(defaults);
    }

    @Override
    Schedule toRecord() {
        return new Schedule(lr, lrDecay, lrDecayAfter, clip, clipValue, epochs, maxSteps, maxTimeSeconds, evalEvery,
                checkpointEvery, sampleLen, threads.threads);
    }

    @Override
    void set(Schedule s) {
        lr = s.lr();
        lrDecay = s.lrDecay();
        lrDecayAfter = s.lrDecayAfter();
        clip = s.clip();
        clipValue = s.clipValue();
        epochs = s.epochs();
        maxSteps = s.maxSteps();
        maxTimeSeconds = s.maxTimeSeconds();
        evalEvery = s.evalEvery();
        checkpointEvery = s.checkpointEvery();
        sampleLen = s.sampleLen();
        threads.threads = s.threads();
    }
}
