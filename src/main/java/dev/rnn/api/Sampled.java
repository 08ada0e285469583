package dev.rnn.api;

/**
 * One generated character.
 *
 * @param text    the character (one code point: one or two Java chars); for a byte-level model, the
 *                character this byte completes, empty while its UTF-8 sequence is incomplete
 * @param logProb its log-probability (natural log) under the model at temperature 1, before any
 *                top-k or top-p cut: how likely the model found it, not how it was drawn
 */
public record Sampled(String text, double logProb) {
}
