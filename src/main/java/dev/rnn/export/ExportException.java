package dev.rnn.export;

/**
 * An export could not be made (a model it cannot express, missing onnxruntime-web files, an
 * output it cannot write); the message is one line that says what is wrong and what to do.
 */
public final class ExportException extends Exception {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
