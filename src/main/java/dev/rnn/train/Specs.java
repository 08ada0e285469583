package dev.rnn.train;

/** The one check the configuration records share. */
final class Specs {
    private Specs() {
    }

    /** Throws {@link IllegalArgumentException} with {@code message} (one line: what is wrong, what to do). */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
