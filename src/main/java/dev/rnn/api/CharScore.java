package dev.rnn.api;

import java.util.List;

/**
 * How the model scored one character of a text, given all the characters before it.
 *
 * @param position the character's index in the text, in code points (from 1: the first has no prediction)
 * @param text     the character
 * @param logProb  its log-probability (natural log)
 * @param top      the most likely characters at this position, most likely first
 * @param hidden   [L][H] each layer's hidden state h after reading this character, or null when
 *                 not asked for
 */
public record CharScore(int position, String text, double logProb, List<Alternative> top, float[][] hidden) {
    /** The surprisal in bits: -log2 p. */
    public double surprisalBits() {
        return -logProb / Math.log(2);
    }
}
