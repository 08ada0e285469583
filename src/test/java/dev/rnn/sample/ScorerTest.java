package dev.rnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn.backend.TestBackends;
import dev.rnn.data.IdSequence;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;
import dev.rnn.train.Evaluator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerTest {
    private static final int V = 9;

    private static CharRnn model() {
        CharRnn m = new CharRnn(new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, 12, 2, 0f), TestBackends.java());
        m.initialize(new Rng(4), false);
        return m;
    }

    private static int[] text(int n) {
        Rng r = new Rng(8);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) (r.nextDouble() * V);
        }
        return ids;
    }

    @Test
    void logProbsSumToTheEvaluatorsTotalAcrossChunks() {
        CharRnn m = model();
        int[] ids = text(Scorer.CHUNK * 2 + 37); // two full chunks and a short one
        double[] sum = {0};
        int[] count = {0};
        new Scorer(m, 3).score(ids, false, (p, id, lp, top, topLp, h) -> {
            assertEquals(count[0] + 1, p);
            assertEquals(ids[p], id);
            sum[0] += lp;
            count[0]++;
        });
        Evaluator.Score s = new Evaluator(m, 1, 100).score(IdSequence.of(ids, V));
        assertEquals(s.chars(), count[0]);
        assertEquals(-s.natsPerChar() * s.chars(), sum[0], 1e-6 * Math.abs(sum[0]));
    }

    @Test
    void topIdsAreTheLargestLogitsInOrderAndHiddenIsTheCarriedState() {
        CharRnn m = model();
        int[] ids = text(20);
        Workspace ws = m.newWorkspace(1, ids.length);
        RnnState st = m.newState(1);
        m.forward(ws, ids, null, st, null);
        List<float[]> lastH = new ArrayList<>();
        new Scorer(m, 4).score(ids, true, (p, id, lp, top, topLp, h) -> {
            int off = ws.logitsOffset(0, p - 1);
            float[] row = java.util.Arrays.copyOfRange(ws.logits(), off, off + V);
            Integer[] order = new Integer[V];
            for (int j = 0; j < V; j++) {
                order[j] = j;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
            for (int i = 0; i < 4; i++) {
                assertEquals(order[i], top[i], "position " + p + " rank " + i);
                assertEquals(Picker.logProb(row, 0, V, top[i]), topLp[i], 1e-5);
            }
            assertEquals(Picker.logProb(row, 0, V, ids[p]), lp, 1e-5);
            lastH.add(h[1].clone());
        });
        assertEquals(ids.length - 1, lastH.size());
        assertArrayEquals(st.h(1), lastH.get(lastH.size() - 1), 1e-5f);
    }

    @Test
    void aSingleCharacterHasNothingToScoreAndNoneIsRefused() {
        int[] n = {0};
        new Scorer(model(), 2).score(new int[] {3}, false, (p, id, lp, top, topLp, h) -> n[0]++);
        assertEquals(0, n[0]);
        assertThrows(IllegalArgumentException.class, () -> new Scorer(model(), 2).score(new int[0], false, null));
    }
}
