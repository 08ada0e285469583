package dev.rnn.train;

import static dev.rnn.train.ScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn.data.Units;
import org.junit.jupiter.api.Test;

/** The data spec refuses values out of range with the option's name. */
class DataSpecTest {
    @Test
    void valuesOutOfRangeNameTheirOption() {
        assertMessage(() -> new DataSpec(java.util.List.of(" "), 0.1, 0, 1, 1, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "a corpus file is required");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.6, 0, 1, 1, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "--val-frac is 0.6; it must be in (0, 0.5]");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.1, 0, 0, 1, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "--batch is 0");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.1, 0, 1, -5, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "--seq-len is -5");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.1, 1, 1, 1, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "--val-chars is 1; it must be at least 2");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.1, -3, 1, 1, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "--val-chars is -3");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.1, 0, 1, 1, 1, 0, Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), "--max-vocab is 1");
        assertMessage(() -> new DataSpec(java.util.List.of("c.txt"), 0.1, 0, 1, 1, 0, 5, Units.BYTES, java.util.List.of(), java.util.List.of(), false),
                "--max-vocab and --min-count apply to --units codepoints");
        assertEquals(32, new DataSpec(java.util.List.of("c.txt"), DataSpec.DEFAULT_VAL_FRAC, 0, DataSpec.DEFAULT_BATCH, 64, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false).batch());
    }
}
