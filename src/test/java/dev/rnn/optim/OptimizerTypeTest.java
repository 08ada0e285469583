package dev.rnn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ids --optimizer takes and checkpoints store: changing one breaks old checkpoints' resume. */
class OptimizerTypeTest {

    @Test
    void idsAreTheLowerCaseNames() {
        assertEquals(List.of("adam", "rmsprop", "adagrad", "sgd"),
                Arrays.stream(OptimizerType.values()).map(OptimizerType::id).toList());
    }
}
