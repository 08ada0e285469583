package dev.rnn.data;

/**
 * A corpus file cannot be used; the message is one user-facing line saying what is wrong and
 * what to do about it.
 */
public final class CorpusException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean invalidText;

    public CorpusException(String message) {
        this(message, null, false);
    }

    CorpusException(String message, Throwable cause, boolean invalidText) {
        super(message, cause);
        this.invalidText = invalidText;
    }

    /** True when the file is not valid UTF-8 (which --skip-bad-files skips), not when it cannot be read. */
    public boolean invalidText() {
        return invalidText;
    }

    public CorpusException(String message, Throwable cause) {
        this(message, cause, false);
    }
}
