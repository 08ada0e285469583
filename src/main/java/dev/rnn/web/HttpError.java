package dev.rnn.web;

/** A request the server refuses: the HTTP status and a one-line reason sent back as JSON. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }
}
