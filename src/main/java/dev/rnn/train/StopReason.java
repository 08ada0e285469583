package dev.rnn.train;

/** Why a training run stopped without an error. */
public enum StopReason {
    EPOCHS("finished --epochs"),
    MAX_STEPS("reached --max-steps"),
    MAX_TIME("reached --max-time"),
    INTERRUPTED("interrupted");

    private final String text;

    StopReason(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
