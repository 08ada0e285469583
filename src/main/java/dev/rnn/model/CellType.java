package dev.rnn.model;

import java.util.Locale;

/** The recurrent cell kinds, with PyTorch's number of gate blocks G in the weight matrices. */
public enum CellType {
    /** Long short-term memory: gates i, f, g, o. */
    LSTM(4),
    /** Gated recurrent unit: gates r, z, n. */
    GRU(3),
    /** Elman RNN with tanh or ReLU. */
    RNN(1);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** G: the number of H-row blocks in weight_ih and weight_hh. */
    public int gates() {
        return gates;
    }

    /** The lower-case name used on the command line and in checkpoints. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
