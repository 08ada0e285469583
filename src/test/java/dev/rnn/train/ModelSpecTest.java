package dev.rnn.train;

import static dev.rnn.train.ScheduleTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn.model.CellType;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import org.junit.jupiter.api.Test;

/** The model spec: validated with the option's name, and turned into the model's own config with a vocabulary. */
class ModelSpecTest {
    @Test
    void valuesOutOfRangeNameTheirOption() {
        assertMessage(() -> new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 0, 1, 0f, false, false, 0f), "--hidden is 0");
        assertMessage(() -> new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 8, -1, 0f, false, false, 0f), "--layers is -1");
        assertMessage(() -> new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 8, 1, 1f, false, false, 0f), "--dropout is 1.0");
        assertMessage(() -> new ModelSpec(CellType.RNN, Nonlinearity.TANH, true, 8, 1, 0f, false, false, 0f),
                "--identity-init applies to --cell rnn --activation relu only");
        assertMessage(() -> new ModelSpec(CellType.RNN, Nonlinearity.TANH, false, 8, 1, 0f, true, false, 0f),
                "--layer-norm applies to --cell lstm and gru only");
        assertMessage(() -> new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 8, 1, 0f, false, false, 1f),
                "--weight-drop is 1.0; it must be in [0, 1)");
        assertMessage(() -> new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 8, 1, 0f, false, true, 0f),
                "--locked-dropout needs --dropout above 0");
    }

    @Test
    void becomesTheModelsConfigWithAVocabulary() {
        ModelSpec s = new ModelSpec(CellType.GRU, Nonlinearity.TANH, false, 12, 3, 0.1f, false, false, 0f);
        assertEquals(new ModelConfig(CellType.GRU, Nonlinearity.TANH, 65, 12, 3, 0.1f), s.config(65));
        assertEquals("lstm 2x256", ModelSpec.DEFAULT.config(65).describe());
        ModelSpec ln = new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 12, 3, 0f, true, false, 0f);
        assertEquals(new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 65, 12, 3, 0f, true), ln.config(65));
        assertEquals("lstm-ln 3x12", ln.config(65).describe());
    }
}
