package dev.rnn.model;

import java.util.Locale;

/** The activation of a vanilla RNN cell, as in PyTorch's {@code nn.RNN(nonlinearity=...)}. */
public enum Nonlinearity {
    TANH,
    RELU;

    /** The lower-case name used on the command line and in checkpoints. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
