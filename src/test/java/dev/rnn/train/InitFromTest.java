package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.data.Vocabulary;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import org.junit.jupiter.api.Test;

/** Fine-tuning's start: weights copied character by character; new characters keep fresh rows; another architecture is refused. */
class InitFromTest {
    private static CharRnn model(int v, int hidden, long seed) {
        CharRnn m = new CharRnn(new ModelConfig(CellType.LSTM, Nonlinearity.TANH, v, hidden, 2, 0f), TestBackends.java());
        m.initialize(new Rng(seed), false);
        return m;
    }

    @Test
    void knownCharactersTakeTheTrainedWeightsAndNewOnesKeepTheirOwn() {
        Vocabulary trainedVocab = Vocabulary.of(new int[] {'a', 'b', 'c'});
        Vocabulary newVocab = Vocabulary.of(new int[] {'a', 'c', 'd', 'é'}); // b gone; d and é new
        CharRnn trained = model(3, 4, 1);
        CharRnn fresh = model(4, 4, 2);
        float[] freshDecoder = fresh.param("decoder.weight").value().data.clone();
        float[] freshIh = fresh.param("rnn.weight_ih_l0").value().data.clone();
        assertEquals(2, InitFrom.copy(trained, trainedVocab, fresh, newVocab, "t"));

        int h = 4;
        float[] dec = fresh.param("decoder.weight").value().data;
        float[] oldDec = trained.param("decoder.weight").value().data;
        // a (0 <- 0), c (1 <- 2): the trained rows; d (2), é (3): their own fresh rows
        assertArrayEquals(java.util.Arrays.copyOfRange(oldDec, 0, h), java.util.Arrays.copyOfRange(dec, 0, h));
        assertArrayEquals(java.util.Arrays.copyOfRange(oldDec, 2 * h, 3 * h), java.util.Arrays.copyOfRange(dec, h, 2 * h));
        assertArrayEquals(java.util.Arrays.copyOfRange(freshDecoder, 2 * h, 4 * h), java.util.Arrays.copyOfRange(dec, 2 * h, 4 * h));
        assertEquals(trained.param("decoder.bias").value().data[2], fresh.param("decoder.bias").value().data[1]);
        float[] ih = fresh.param("rnn.weight_ih_l0").value().data;
        float[] oldIh = trained.param("rnn.weight_ih_l0").value().data;
        int rows = fresh.param("rnn.weight_ih_l0").shape()[0];
        for (int r = 0; r < rows; r++) {
            assertEquals(oldIh[r * 3 + 2], ih[r * 4 + 1], "column c, row " + r);
            assertEquals(freshIh[r * 4 + 3], ih[r * 4 + 3], "column é keeps its fresh value, row " + r);
        }
        for (Param p : fresh.params()) {
            if (!p.name().equals("rnn.weight_ih_l0") && !p.name().startsWith("decoder")) {
                assertArrayEquals(trained.param(p.name()).value().data, p.value().data, p.name());
            }
        }
        assertNotEquals(freshDecoder[0], dec[0]);
    }

    @Test
    void anotherArchitectureOrUnitsAreRefusedNamingBoth() {
        Vocabulary v = Vocabulary.of(new int[] {'a', 'b'});
        String m = assertThrows(IllegalArgumentException.class,
                () -> InitFrom.copy(model(2, 4, 1), v, model(2, 6, 2), v, "t.safetensors")).getMessage();
        assertTrue(m.contains("holds a lstm 2x4 model; this run is lstm 2x6"), m);
        m = assertThrows(IllegalArgumentException.class, () -> InitFrom.copy(model(2, 4, 1), v, model(2, 4, 2),
                Vocabulary.ofBytes(new int[] {'a', 'b'}), "t")).getMessage();
        assertTrue(m.contains("reads codepoints; this run reads bytes"), m);
    }
}
