package dev.rnn.api;

/**
 * A character the model considered at a position, with its log-probability (natural log).
 */
public record Alternative(String text, double logProb) {
    /** Its probability, exp(logProb). */
    public double probability() {
        return Math.exp(logProb);
    }
}
