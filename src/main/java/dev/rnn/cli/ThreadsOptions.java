package dev.rnn.cli;

import picocli.CommandLine.Option;

/** {@code --threads}, shared by train, bench, sample and eval, each with its own default. */
final class ThreadsOptions {
    @Option(names = "--threads", description = "Threads for the matrix products (the default of train, bench and eval --dynamic: all cores; else 1).")
    int threads;

    ThreadsOptions(int defaultThreads) {
        threads = defaultThreads;
    }

    /** All the cores of this machine: the default of train, bench and eval --dynamic. */
    static ThreadsOptions allCores() {
        return new ThreadsOptions(Runtime.getRuntime().availableProcessors());
    }

    /** The thread count, refused as a usage error when below 1. */
    int count() {
        if (threads < 1) {
            throw UserException.usage("--threads is " + threads + "; it must be at least 1");
        }
        return threads;
    }
}
