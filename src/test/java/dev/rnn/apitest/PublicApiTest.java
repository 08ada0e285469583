package dev.rnn.apitest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.api.Alternative;
import dev.rnn.api.CharModel;
import dev.rnn.api.CharScore;
import dev.rnn.api.Generation;
import dev.rnn.api.ModelException;
import dev.rnn.api.Sampled;
import dev.rnn.api.SamplingConfig;
import dev.rnn.api.UnknownTextException;
import dev.rnn.testutil.TinyCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the library sees: only {@code dev.rnn.api} is used here (the checkpoint file is
 * written by a test helper, as training would).
 */
class PublicApiTest {
    private static String take(Generation g, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(g.next().text());
        }
        return sb.toString();
    }

    @Test
    void loadsAndDescribesTheModel(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir));
        assertEquals("lstm", m.cell());
        assertEquals(2, m.layers());
        assertEquals(16, m.hidden());
        assertEquals(68, m.vocabulary().size());
        assertTrue(m.vocabulary().contains("\n"));
        Path bad = Files.writeString(dir.resolve("bad.safetensors"), "not a checkpoint");
        ModelException e = assertThrows(ModelException.class, () -> CharModel.load(bad));
        assertTrue(e.getMessage().contains("bad.safetensors"), e.getMessage());
    }

    @Test
    void theSameRandomSeedGivesTheSameTextAndAnotherAnother(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir));
        SamplingConfig c = SamplingConfig.DEFAULT.withRandomSeed(42);
        String a = take(m.generate("Hello", c), 200);
        assertEquals(a, take(m.generate("Hello", c), 200));
        assertNotEquals(a, take(m.generate("Hello", c.withRandomSeed(43)), 200));
        assertEquals(200, a.codePointCount(0, a.length()));
    }

    @Test
    void aBatchOfStreamsEqualsSingleGenerationsWithSeedsPlusI(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir));
        SamplingConfig c = new SamplingConfig(0.9, 20, 0.95, 7);
        Generation batch = m.generate("To be", c, 5);
        StringBuilder[] texts = new StringBuilder[5];
        for (int i = 0; i < 5; i++) {
            texts[i] = new StringBuilder();
        }
        for (int s = 0; s < 150; s++) {
            Sampled[] next = batch.nextAll();
            for (int i = 0; i < 5; i++) {
                texts[i].append(next[i].text());
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(take(m.generate("To be", c.withRandomSeed(7 + i)), 150), texts[i].toString(), "stream " + i);
        }
        assertThrows(IllegalStateException.class, batch::next);
    }

    @Test
    void oneModelServesManyThreadsAtOnce(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir), 2);
        List<String> alone = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            alone.add(take(m.generate("Once", SamplingConfig.DEFAULT.withRandomSeed(i)), 300));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> together = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long seed = i;
                together.add(pool.submit(() -> take(m.generate("Once", SamplingConfig.DEFAULT.withRandomSeed(seed)), 300)));
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(alone.get(i), together.get(i).get(), "thread " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scoresEachCharacterWithSurprisalAndAlternatives(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir));
        String text = "Hello, world!\nHow are you?";
        List<CharScore> rows = m.score(text, 5, false);
        assertEquals(text.length() - 1, rows.size());
        for (CharScore r : rows) {
            assertEquals(String.valueOf(text.charAt(r.position())), r.text());
            assertTrue(r.logProb() < 0, "log p of " + r.text() + " is " + r.logProb());
            assertEquals(-r.logProb() / Math.log(2), r.surprisalBits(), 1e-12);
            assertEquals(5, r.top().size());
            for (int i = 1; i < 5; i++) {
                assertTrue(r.top().get(i - 1).logProb() >= r.top().get(i).logProb());
            }
            Alternative best = r.top().get(0);
            assertTrue(r.logProb() <= best.logProb() + 1e-9);
            assertNull(r.hidden());
        }
        List<CharScore> withHidden = m.score(text, 5, true);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).logProb(), withHidden.get(i).logProb(), 1e-5);
            assertEquals(2, withHidden.get(i).hidden().length);
            assertEquals(16, withHidden.get(i).hidden()[1].length);
        }
    }

    @Test
    void beamSearchIsDeterministicAndAtLeastAsLikelyAsGreedy(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir));
        List<Sampled> beam = m.beamSearch("The", 4, 30);
        assertEquals(beam, m.beamSearch("The", 4, 30));
        List<Sampled> greedy = m.beamSearch("The", 1, 30);
        Generation argmax = m.generate("The", SamplingConfig.DEFAULT.withTemperature(0));
        double greedyTotal = 0;
        for (Sampled s : greedy) {
            assertEquals(argmax.next().text(), s.text());
            greedyTotal += s.logProb();
        }
        double beamTotal = beam.stream().mapToDouble(Sampled::logProb).sum();
        assertTrue(beamTotal >= greedyTotal - 1e-9, beamTotal + " < " + greedyTotal);
    }

    @Test
    void badInputIsRefusedWithItsReason(@TempDir Path dir) throws Exception {
        CharModel m = CharModel.load(TinyCheckpoints.lstm(dir));
        UnknownTextException e = assertThrows(UnknownTextException.class,
                () -> m.generate("caf\u00e9", SamplingConfig.DEFAULT));
        assertTrue(e.getMessage().contains("U+00E9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.generate("", SamplingConfig.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> m.score("", 5, false));
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.DEFAULT.withTopP(0));
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.DEFAULT.withTopP(1.5));
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.DEFAULT.withTemperature(-1));
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.DEFAULT.withTopK(-1));
        assertThrows(IllegalArgumentException.class, () -> m.generate("a", SamplingConfig.DEFAULT, 0));
    }
}
