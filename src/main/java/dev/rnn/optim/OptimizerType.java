package dev.rnn.optim;

import java.util.Locale;

/** The optimizers {@code rnn train --optimizer} offers. */
public enum OptimizerType {
    ADAM, RMSPROP, ADAGRAD, SGD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
