package dev.rnn.cli;

/** The process exit codes of {@code rnn}. */
final class ExitCodes {
    static final int OK = 0;
    /** A file or run problem: missing, unreadable, corrupt, diverged. */
    static final int FAILURE = 1;
    /** A command-line mistake: unknown option, bad value. */
    static final int USAGE = 2;
    /** Interrupted by Ctrl-C (128 + SIGINT). */
    static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (128 + 15). */
    static final int TERMINATED = 143;

    private ExitCodes() {
    }
}
