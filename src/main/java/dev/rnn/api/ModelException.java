package dev.rnn.api;

/** A checkpoint could not be loaded; the message is one line that names the file and the fix. */
public final class ModelException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
