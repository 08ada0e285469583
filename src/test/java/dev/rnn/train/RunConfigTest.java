package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.model.CellType;
import dev.rnn.model.Nonlinearity;
import dev.rnn.optim.OptimizerType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's configuration is saved as one JSON object per lifetime and read back, from any format version, by one path. */
class RunConfigTest {
    private static final RunConfig CONFIG = new RunConfig(
            new ModelSpec(CellType.RNN, Nonlinearity.RELU, true, 24, 3, 0.25f, false, false, 0f),
            new DataSpec(java.util.List.of("/data/corpus.txt"), 0.2, 5000, 7, 9, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false),
            new OptimSpec(OptimizerType.SGD, 0.5f, 77),
            new Schedule(0.01f, 0.9f, 3, 2f, 1f, 4, 100, 60, 10, 20, 30, 3));

    @Test
    void savedAsOneObjectPerLifetimeAndReadBack() throws Exception {
        String json = CONFIG.toJson();
        JsonNode node = new ObjectMapper().readTree(json);
        assertEquals(List.of("model", "data", "optim", "schedule"), iterate(node));
        assertEquals(24, node.get("model").get("hidden").asInt());
        assertEquals(60, node.get("schedule").get("maxTimeSeconds").asInt());
        assertEquals(CONFIG, RunConfig.read(Map.of(RunConfig.KEY, json), 3, "test"));
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aVersion2RunScoresItsWholeValidationSplit() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode v2 = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(CONFIG.toJson());
        ((com.fasterxml.jackson.databind.node.ObjectNode) v2.get("data")).remove("valChars");
        RunConfig c = RunConfig.read(Map.of(RunConfig.KEY, v2.toString()), 2, "test");
        assertEquals(0, c.data().valChars());
        assertEquals(5000, RunConfig.read(Map.of(RunConfig.KEY, CONFIG.toJson()), 3, "test").data().valChars());
    }

    @Test
    void version1sFlatOptionsAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v1.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/compat/v1/last-step20.safetensors")) {
            Files.copy(in, file);
        }
        Map<String, String> meta = SafeTensors.read(file).metadata();
        RunConfig c = RunConfig.read(meta, 1, "test");
        // the command in src/test/resources/compat/v1/README.md
        assertEquals(new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 24, 2, 0.2f, false, false, 0f), c.model());
        assertEquals(new DataSpec(java.util.List.of("/tmp/compat/corpus.txt"), 0.1, 0, 4, 16, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), c.data());
        assertEquals(new OptimSpec(OptimizerType.ADAM, 0.9f, 1234), c.optim());
        assertEquals(new Schedule(0.002f, 0.97f, 10, 5f, 0f, 50, 20, 0, 10, 10, 0, 1), c.schedule());
    }

    @Test
    void aCheckpointWithoutTrainingStateOrWithBadJsonIsRefusedWithOneLine() {
        String none = assertThrows(CheckpointException.class, () -> RunConfig.read(Map.of(), 2, "checkpoint f")).getMessage();
        assertTrue(none.contains("no training state (no train.config)"), none);
        String v1 = assertThrows(CheckpointException.class, () -> RunConfig.read(Map.of(), 1, "checkpoint f")).getMessage();
        assertTrue(v1.contains("(no train.options)"), v1);
        String bad = assertThrows(CheckpointException.class,
                () -> RunConfig.read(Map.of(RunConfig.KEY, "{\"model\": 3"), 2, "checkpoint f")).getMessage();
        assertTrue(bad.contains("not valid JSON"), bad);
        String invalid = CONFIG.toJson().replace("\"hidden\":24", "\"hidden\":0");
        String range = assertThrows(CheckpointException.class,
                () -> RunConfig.read(Map.of(RunConfig.KEY, invalid), 2, "checkpoint f")).getMessage();
        assertTrue(range.contains("--hidden is 0"), range);
        assertEquals(1, range.lines().count(), range);
    }

    @Test
    void version2HadNoLayerNorm() throws Exception {
        String v2 = CONFIG.toJson().replace(",\"layerNorm\":false,\"lockedDropout\":false,\"weightDrop\":0.0", "");
        assertTrue(!v2.contains("layerNorm"), v2);
        RunConfig c = RunConfig.read(Map.of(RunConfig.KEY, v2), 2, "test");
        assertSameButData(CONFIG, c);
        assertTrue(!c.model().layerNorm());
        ObjectNode migrated = RunConfig.fromVersion2((ObjectNode) new ObjectMapper().readTree(v2));
        assertEquals(false, migrated.get("model").get("layerNorm").booleanValue(), migrated.toString());
        assertEquals(false, migrated.get("model").get("lockedDropout").booleanValue(), migrated.toString());
        assertEquals(0.0, migrated.get("model").get("weightDrop").doubleValue(), migrated.toString());
        String v2Optim = v2.replace(",\"lrSchedule\":\"STEP\",\"lrWarmup\":0,\"minLr\":0.0", "");
        assertTrue(!v2Optim.contains("lrSchedule"), v2Optim);
        assertSameButData(CONFIG, RunConfig.read(Map.of(RunConfig.KEY, v2Optim), 2, "test"));
        assertEquals(LrSchedule.STEP, RunConfig.read(Map.of(RunConfig.KEY, v2Optim), 2, "test").optim().lrSchedule());
    }

    /** Equal but for the data options format 3 added, which a version-2 run had at their old values. */
    private static void assertSameButData(RunConfig expected, RunConfig actual) {
        assertEquals(expected.model(), actual.model());
        assertEquals(expected.optim(), actual.optim());
        assertEquals(expected.schedule(), actual.schedule());
        assertEquals(expected.data().corpus(), actual.data().corpus());
        assertEquals(0, actual.data().valChars(), "a version-2 run scored the whole validation split");
    }

    @Test
    void onlyTheScheduleChangesWith() {
        Schedule s = new Schedule(0.5f, 1f, 0, 0f, 0f, 1, 0, 0, 1, 1, 0, 1);
        RunConfig c = CONFIG.with(s);
        assertEquals(s, c.schedule());
        assertEquals(CONFIG.model(), c.model());
        assertEquals(CONFIG.data(), c.data());
        assertEquals(CONFIG.optim(), c.optim());
    }
}
