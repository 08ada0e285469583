package dev.rnn.data;

/**
 * A corpus file cannot be used; the message is one user-facing line saying what is wrong and
 * what to do about it.
 */
public final class CorpusException extends Exception {

    private static final long serialVersionUID = 1L;

    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
