package dev.rnn.report;

import java.io.IOException;

/**
 * A run's metrics.csv is missing, empty or unreadable; the message names the file and what is
 * wrong. An {@link IOException}, so that the trainer, which appends to the file, passes it on as
 * it does its other file errors.
 */
public final class MetricsException extends IOException {
    private static final long serialVersionUID = 1L;

    public MetricsException(String message) {
        super(message);
    }

    public MetricsException(String message, Throwable cause) {
        super(message, cause);
    }
}
