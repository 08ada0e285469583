package dev.rnn.train;

/** The loss or the gradient norm became NaN or infinite; the run stops without saving. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergedException(String message) {
        super(message);
    }
}
