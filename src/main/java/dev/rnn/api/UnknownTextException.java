package dev.rnn.api;

/** A text holds characters the model's vocabulary does not have; the message names them. */
public final class UnknownTextException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnknownTextException(String message, Throwable cause) {
        super(message, cause);
    }
}
