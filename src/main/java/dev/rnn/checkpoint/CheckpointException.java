package dev.rnn.checkpoint;

/**
 * A checkpoint could not be read, written or locked; the message is one line for the user that
 * names the file, says what is wrong and what to do about it.
 */
public final class CheckpointException extends Exception {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
