package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.data.IdSequence;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Dynamic evaluation: with step size 0 it is the static score; on a text that repeats itself it
 * adapts and scores better; it works on copies, never on the weights it copies; tuning picks the
 * grid's best step size.
 */
class DynamicEvaluatorTest {
    private static final int V = 6;

    private static CharRnn base() {
        CharRnn m = new CharRnn(new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, 12, 2, 0f, true), TestBackends.java());
        m.initialize(new Rng(3), false);
        return m;
    }

    /** Fresh copies of {@code base}'s weights. */
    private static Supplier<CharRnn> copiesOf(CharRnn base) {
        return () -> {
            CharRnn c = new CharRnn(base.config(), TestBackends.java());
            for (Param p : base.params()) {
                System.arraycopy(p.value().data, 0, c.param(p.name()).value().data, 0, p.size());
            }
            return c;
        };
    }

    private static IdSequence repeating(int length, int period) {
        int[] ids = new int[length];
        Rng rng = new Rng(9);
        int[] motif = new int[period];
        for (int i = 0; i < period; i++) {
            motif[i] = (int) (rng.nextFloat() * V);
        }
        for (int i = 0; i < length; i++) {
            ids[i] = motif[i % period];
        }
        return IdSequence.of(ids, V);
    }

    @Test
    void stepSizeZeroIsTheStaticScore() {
        CharRnn base = base();
        IdSequence text = repeating(700, 7);
        Evaluator.Score stat = new Evaluator(base, 1, 256).score(text);
        Evaluator.Score dyn = new DynamicEvaluator(copiesOf(base), 50).score(text, 0f);
        assertEquals(stat.chars(), dyn.chars());
        assertEquals(stat.natsPerChar(), dyn.natsPerChar(), 1e-5 * stat.natsPerChar());
    }

    @Test
    void itAdaptsToTextThatRepeatsAndLeavesTheWeightsItCopiedAlone() {
        CharRnn base = base();
        List<float[]> before = new ArrayList<>();
        for (Param p : base.params()) {
            before.add(p.value().data.clone());
        }
        IdSequence text = repeating(2000, 7);
        double stat = new Evaluator(base, 1, 256).score(text).natsPerChar();
        double dyn = new DynamicEvaluator(copiesOf(base), 20).score(text, 0.1f).natsPerChar();
        assertTrue(dyn < stat - 0.1, "dynamic " + dyn + " nats/char should beat static " + stat + " on a repeating text");
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), base.params().get(i).value().data, 0f, base.params().get(i).name());
        }
    }

    @Test
    void tuningPicksTheGridsBestStepSizeAndLooksPastAnEndOfIt() {
        CharRnn base = base();
        DynamicEvaluator de = new DynamicEvaluator(copiesOf(base), 20);
        IdSequence tuning = repeating(600, 5);
        float best = de.tune(tuning);
        double bestLoss = de.score(tuning, best).natsPerChar();
        for (int i = DynamicEvaluator.GRID_FROM; i < DynamicEvaluator.GRID_TO; i++) {
            float lr = DynamicEvaluator.LADDER[i];
            assertTrue(bestLoss <= de.score(tuning, lr).natsPerChar(), "step size " + lr + " beats the tuned " + best);
        }
        // no neighbour on the ladder beats it: past an end of the grid the search went on while it improved
        int at = java.util.Arrays.binarySearch(DynamicEvaluator.LADDER, best);
        for (int i : new int[] {at - 1, at + 1}) {
            if (i >= 0 && i < DynamicEvaluator.LADDER.length) {
                double neighbour = de.score(tuning, DynamicEvaluator.LADDER[i]).natsPerChar();
                assertTrue(!(neighbour < bestLoss), "step size " + DynamicEvaluator.LADDER[i] + " beats the tuned " + best);
            }
        }
        assertTrue(best > DynamicEvaluator.LADDER[DynamicEvaluator.GRID_TO - 1],
                "a repeating text wants a step past the grid's 0.1, got " + best);
    }
}
