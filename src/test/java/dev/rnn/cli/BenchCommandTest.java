package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code rnn bench --json} prints one line with the figures the issue and the comparison script read. */
class BenchCommandTest {

    @Test
    void jsonLineHasTheFigures() throws Exception {
        Cli.Result r = Cli.run("bench", "--cell", "gru", "--layers", "2", "--hidden", "8", "--batch", "3", "--seq-len", "5",
                "--warmup", "1", "--warmup-seconds", "0", "--steps", "2", "--sample-len", "20", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(1, lines.length, "one line on stdout: " + r.out());
        JsonNode j = new ObjectMapper().readTree(lines[0]);
        for (String key : new String[] {"train_chars_per_sec", "ms_per_step", "gflops", "sample_chars_per_sec", "peak_heap_mb"}) {
            assertTrue(j.path(key).isNumber() && j.path(key).asDouble() > 0, key + " in " + lines[0]);
        }
        assertEquals("gru 2x8", j.path("model").asText());
        assertEquals(2, j.path("steps").asInt());
        // 3 x (2 layers of 2(D+H)·3H, layer 0's input a free gather) + 2·H·V for the decoder, V = 65
        double forward = 2.0 * 8 * 3 * 8 + 2.0 * (8 + 8) * 3 * 8 + 2.0 * 8 * 65;
        assertEquals(3 * forward, j.path("flops_per_char").asDouble(), 1e-9);
    }

    /** The lead's comparison: bench times the layer-normalised step with the same flop count (the norms are not products). */
    @Test
    void benchesALayerNormalisedModel() throws Exception {
        Cli.Result r = Cli.run("bench", "--layer-norm", "--layers", "2", "--hidden", "8", "--batch", "3", "--seq-len", "5",
                "--warmup", "1", "--warmup-seconds", "0", "--steps", "2", "--sample-len", "20", "--threads", "1", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out().strip());
        assertEquals("lstm-ln 2x8", j.path("model").asText());
        assertTrue(j.path("train_chars_per_sec").asDouble() > 0, r.out());
        BadInputTest.assertError(Cli.run("bench", "--cell", "rnn", "--layer-norm"), 2, "--layer-norm applies to --cell lstm and gru only");
    }

    @Test
    void negativeWarmupIsAUsageError() {
        Cli.Result r = Cli.run("bench", "--warmup-seconds", "-1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.errorLine().contains("--warmup-seconds"), r.err());
    }

    @Test
    void jsonTakesTrueOrFalse() {
        String[] base = {"bench", "--hidden", "4", "--layers", "1", "--batch", "2", "--seq-len", "3", "--warmup", "0",
                "--warmup-seconds", "0", "--steps", "1", "--sample-len", "0", "--threads", "1"};
        Cli.Result text = Cli.run(concat(base, "--json=false"));
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().startsWith("lstm 1x4, vocabulary 65"), text.out());
        Cli.Result json = Cli.run(concat(base, "--json=true"));
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().startsWith("{\"model\": \"lstm 1x4\""), json.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void aModelTooLargeForTheHeapIsRefusedBeforeAllocating() {
        Cli.Result r = Cli.run("bench", "--hidden", "100000", "--json");
        BadInputTest.assertError(r, 1, "an lstm 2x100000 model needs about", "batch 50 x 50 steps", "the heap allows",
                "RNN_JAVA_OPTS=-Xmx");
        assertEquals("", r.out());
    }

    @Test
    void modelValuesOutOfRangeAreUsageErrors() {
        BadInputTest.assertError(Cli.run("bench", "--hidden", "0"), 2, "--hidden is 0");
        BadInputTest.assertError(Cli.run("bench", "--threads", "0"), 2, "--threads is 0");
    }
}
