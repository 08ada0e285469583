package dev.rnn.data;

import java.util.Objects;

/** The training head and validation tail of a corpus; validation may be empty. */
public record Split(IdSequence train, IdSequence validation) {

    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }
}
