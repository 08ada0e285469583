package dev.rnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final int V = 13;

    private static CharRnn model() {
        CharRnn m = new CharRnn(new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, 16, 2, 0f), TestBackends.java());
        m.initialize(new Rng(9), false);
        return m;
    }

    private static int[] draw(CharRnn m, float temperature, int topK, long seed, int len) {
        Sampler s = new Sampler(m, temperature, topK, new Rng(seed));
        s.warmUp(new int[] {1, 2, 3});
        int[] out = new int[len];
        for (int i = 0; i < len; i++) {
            out[i] = s.next();
        }
        return out;
    }

    @Test
    void sameSeedSameTextOtherSeedOtherText() {
        CharRnn m = model();
        assertArrayEquals(draw(m, 1f, 0, 5, 200), draw(m, 1f, 0, 5, 200));
        assertFalse(Arrays.equals(draw(m, 1f, 0, 5, 200), draw(m, 1f, 0, 6, 200)));
    }

    @Test
    void temperatureZeroFollowsTheArgmaxOfAFullForwardPass() {
        CharRnn m = model();
        int[] greedy = draw(m, 0f, 0, 1, 20);
        // replay: feed seed + sampled text through the model in one chunk; each sampled id must be the argmax
        int[] seq = new int[3 + greedy.length];
        seq[0] = 1;
        seq[1] = 2;
        seq[2] = 3;
        System.arraycopy(greedy, 0, seq, 3, greedy.length);
        Workspace ws = m.newWorkspace(1, seq.length);
        RnnState st = m.newState(1);
        m.forward(ws, seq, null, st, null);
        for (int i = 0; i < greedy.length; i++) {
            int off = ws.logitsOffset(0, 2 + i);
            int best = 0;
            for (int j = 1; j < V; j++) {
                if (ws.logits()[off + j] > ws.logits()[off + best]) {
                    best = j;
                }
            }
            assertEquals(best, greedy[i], "step " + i);
        }
    }

    @Test
    void topOneIsGreedyAndTopKStaysInTheTopK() {
        CharRnn m = model();
        assertArrayEquals(draw(m, 0f, 0, 1, 30), draw(m, 1f, 1, 2, 30));
        Sampler s = new Sampler(m, 1f, 3, new Rng(4));
        float[] logits = new float[V];
        for (int j = 0; j < V; j++) {
            logits[j] = j; // the top 3 are 10, 11, 12
        }
        for (int i = 0; i < 500; i++) {
            assertTrue(s.draw(logits, 0) >= V - 3);
        }
    }

    @Test
    void drawsFollowTheSoftmax() {
        CharRnn m = model();
        Sampler s = new Sampler(m, 1f, 0, new Rng(8));
        float[] logits = new float[V];
        logits[4] = (float) Math.log(3); // p(4) = 3 / (12 + 3) = 0.2
        int hits = 0;
        int draws = 20000;
        for (int i = 0; i < draws; i++) {
            if (s.draw(logits, 0) == 4) {
                hits++;
            }
        }
        double p = (double) hits / draws;
        assertTrue(Math.abs(p - 0.2) < 0.015, "p(4) = " + p + ", expected 0.2");
    }

    @Test
    void rejectsBadSettings() {
        CharRnn m = model();
        assertThrows(IllegalArgumentException.class, () -> new Sampler(m, -1f, 0, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(m, 1f, -2, new Rng(1)));
        Sampler s = new Sampler(m, 1f, 0, new Rng(1));
        assertThrows(IllegalArgumentException.class, () -> s.warmUp(new int[0]));
        assertThrows(IllegalStateException.class, s::next);
    }

    @Test
    void aBatchOfStreamsDrawsWhatEachDrawsAloneWithItsGenerator() {
        CharRnn m = model();
        int n = 6;
        Rng[] rngs = new Rng[n];
        for (int i = 0; i < n; i++) {
            rngs[i] = new Rng(100 + i);
        }
        Sampler batch = new Sampler(m, 0.9f, 5, 0.9, rngs);
        batch.warmUp(new int[] {1, 2, 3});
        int[][] got = new int[n][80];
        int[] ids = new int[n];
        for (int s = 0; s < 80; s++) {
            batch.next(ids);
            for (int i = 0; i < n; i++) {
                got[i][s] = ids[i];
            }
        }
        for (int i = 0; i < n; i++) {
            Sampler alone = new Sampler(m, 0.9f, 5, 0.9, new Rng(100 + i));
            alone.warmUp(new int[] {1, 2, 3});
            for (int s = 0; s < 80; s++) {
                assertEquals(alone.next(), got[i][s], "stream " + i + " step " + s);
            }
        }
        assertThrows(IllegalStateException.class, batch::next);
        assertThrows(IllegalArgumentException.class, () -> batch.next(new int[n + 1]));
    }
}
