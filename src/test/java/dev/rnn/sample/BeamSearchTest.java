package dev.rnn.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

class BeamSearchTest {
    private static final int V = 3;

    private static CharRnn model(long seed) {
        CharRnn m = new CharRnn(new ModelConfig(CellType.GRU, Nonlinearity.TANH, V, 6, 2, 0f), TestBackends.java());
        m.initialize(new Rng(seed), false);
        for (var p : m.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.value().data[i] *= 4; // peaky, so beams and greedy differ
            }
        }
        return m;
    }

    /** The log-probability of {@code cont} after {@code seed}, by one forward pass over both. */
    private static double logProb(CharRnn m, int[] seed, int[] cont) {
        int[] all = new int[seed.length + cont.length];
        System.arraycopy(seed, 0, all, 0, seed.length);
        System.arraycopy(cont, 0, all, seed.length, cont.length);
        Workspace ws = m.newWorkspace(1, all.length);
        m.forward(ws, all, null, m.newState(1), null);
        double total = 0;
        for (int i = 0; i < cont.length; i++) {
            total += Picker.logProb(ws.logits(), ws.logitsOffset(0, seed.length - 1 + i), V, cont[i]);
        }
        return total;
    }

    /** Every continuation of {@code len} characters, the likeliest kept. */
    private static int[] exhaustive(CharRnn m, int[] seed, int len) {
        int count = (int) Math.pow(V, len);
        int[] best = null;
        double bestLp = Double.NEGATIVE_INFINITY;
        for (int code = 0; code < count; code++) {
            int[] cont = new int[len];
            for (int i = 0, c = code; i < len; i++, c /= V) {
                cont[len - 1 - i] = c % V;
            }
            double lp = logProb(m, seed, cont);
            if (lp > bestLp) {
                bestLp = lp;
                best = cont;
            }
        }
        return best;
    }

    @Test
    void aWideEnoughBeamFindsWhatExhaustiveSearchFinds() {
        int[] seed = {0, 2, 1};
        int len = 5;
        int differs = 0;
        for (long s = 1; s <= 6; s++) {
            CharRnn m = model(s);
            int[] truth = exhaustive(m, seed, len);
            BeamSearch.Result r = new BeamSearch(m, 81).search(seed, len); // V^(len-1): nothing pruned
            assertArrayEquals(truth, r.ids(), "model " + s);
            assertEquals(logProb(m, seed, truth), r.totalLogProb(), 1e-4, "model " + s);
            double sum = 0;
            for (double lp : r.logProbs()) {
                sum += lp;
            }
            assertEquals(r.totalLogProb(), sum, 1e-9);
            int[] greedy = new BeamSearch(m, 1).search(seed, len).ids();
            if (!java.util.Arrays.equals(greedy, truth)) {
                differs++;
            }
        }
        assertTrue(differs > 0, "greedy found the best of every model: the test would not see a broken beam");
    }

    @Test
    void widthOneIsGreedy() {
        CharRnn m = model(3);
        int[] seed = {1};
        Sampler argmax = new Sampler(m, 0f, 0, new Rng(1));
        argmax.warmUp(seed);
        int[] ids = new BeamSearch(m, 1).search(seed, 40).ids();
        for (int i = 0; i < ids.length; i++) {
            assertEquals(argmax.next(), ids[i], "step " + i);
        }
    }

    @Test
    void rejectsBadWidths() {
        CharRnn m = model(1);
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(m, 0));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(m, BeamSearch.MAX_BEAMS + 1));
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(m, 2).search(new int[0], 3));
        assertEquals(0, new BeamSearch(m, 2).search(new int[] {1}, 0).ids().length);
        assertThrows(IllegalArgumentException.class, () -> new BeamSearch(m, 256).search(new int[] {1}, 200_000));
    }
}
