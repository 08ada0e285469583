package dev.rnn.report;

/** A run's metrics.csv is missing, empty or unreadable; the message names the file and what is wrong. */
public final class MetricsException extends Exception {
    private static final long serialVersionUID = 1L;

    public MetricsException(String message) {
        super(message);
    }

    public MetricsException(String message, Throwable cause) {
        super(message, cause);
    }
}
