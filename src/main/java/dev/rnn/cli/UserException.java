package dev.rnn.cli;

/**
 * A mistake the user can fix (a bad file, a bad value): reported as one line without a stack
 * trace, with exit code 2 for command-line values and 1 for everything else.
 */
final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    UserException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static UserException usage(String message) {
        return new UserException(message, ExitCodes.USAGE, null);
    }

    int exitCode() {
        return exitCode;
    }
}
