package dev.rnn.data;

import java.util.Objects;

/**
 * The training head and validation tail of a corpus; validation may be empty.
 *
 * @param validationUnknown the unknown characters among validation's predicted characters (all
 *                          but its first) and their extra cost
 */
public record Split(IdSequence train, IdSequence validation, UnknownTally validationUnknown) {

    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        Objects.requireNonNull(validationUnknown, "validationUnknown");
    }
}
