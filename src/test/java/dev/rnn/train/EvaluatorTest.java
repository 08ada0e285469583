package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rnn.backend.TestBackends;
import dev.rnn.data.IdSequence;
import dev.rnn.data.UnknownTally;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import org.junit.jupiter.api.Test;

/** The evaluator's mean loss does not depend on its chunk length, and adds the unknown characters' -log q(c). */
class EvaluatorTest {
    private static CharRnn model() {
        CharRnn m = new CharRnn(new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 5, 6, 1, 0f), TestBackends.java());
        m.initialize(new Rng(11), false);
        return m;
    }

    private static IdSequence text() {
        int[] ids = new int[97];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 7 + i / 5) % 5;
        }
        return IdSequence.of(ids, 5);
    }

    @Test
    void unknownCharactersAddTheirCostPerPredictedCharacter() {
        Evaluator.Score plain = new Evaluator(model(), 1, 16).score(text());
        Evaluator.Score withUnknown = new Evaluator(model(), 1, 16).score(text(), new UnknownTally(3, 4.5));
        assertEquals(96, plain.chars());
        assertEquals(0, plain.unknownChars());
        assertEquals(3, withUnknown.unknownChars());
        assertEquals(plain.natsPerChar() + 4.5 / 96, withUnknown.natsPerChar(), 1e-12);
    }

    @Test
    void theScoreDoesNotDependOnTheChunk() {
        double one = new Evaluator(model(), 3, 16).score(text()).natsPerChar();
        double many = new Evaluator(model(), 3, 5).score(text()).natsPerChar();
        assertEquals(one, many, 1e-5 * one);
    }
}
