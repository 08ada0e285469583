package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.train.RunConfig;
import dev.rnn.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code rnn train --preset}: each preset is a valid command line, the user's options win, and a resume checks it. */
class PresetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** rnn train parsed from {@code args}, as Main parses it. */
    private static CommandSpec parsed(String... args) {
        CommandLine main = Main.commandLine();
        String[] line = new String[args.length + 1];
        line[0] = "train";
        System.arraycopy(args, 0, line, 1, args.length);
        main.parseArgs(line);
        return main.getSubcommands().get("train").getCommandSpec();
    }

    @Test
    void everyPresetSetsEachOfItsOptionsOnACommandLineWithoutThem() {
        for (Preset p : Preset.values()) {
            CommandSpec spec = parsed("corpus.txt");
            Map<String, String> taken = p.applyTo(spec);
            assertEquals(p.args().size() / 2, taken.size(), p.id() + ": " + taken);
            for (int i = 0; i < p.args().size(); i += 2) {
                String name = p.args().get(i);
                CommandLine.Model.OptionSpec o = spec.findOption(name);
                assertTrue(o != null, p.id() + " names " + name + ", which rnn train does not have");
                CommandSpec alone = parsed(name, p.args().get(i + 1));
                assertEquals(alone.findOption(name).<Object>getValue(), o.getValue(), p.id() + " " + name);
                assertNotEquals(parsed().findOption(name).<Object>getValue(), o.getValue(),
                        p.id() + " sets " + name + " to its default");
            }
        }
    }

    @Test
    void anOptionGivenOnTheCommandLineWinsOverThePreset() {
        CommandSpec spec = parsed("corpus.txt", "--dropout", "0.1");
        Map<String, String> taken = Preset.TEN_MINUTES.applyTo(spec);
        assertEquals(0.1f, spec.findOption("--dropout").<Float>getValue());
        assertEquals(parsed("--max-time", "10m").findOption("--max-time").<Object>getValue(),
                spec.findOption("--max-time").getValue());
        assertFalse(taken.containsKey("--dropout"), taken.toString());
        assertEquals("10m", taken.get("--max-time"), taken.toString());
    }

    @Test
    void aNewRunSavesThePresetsValuesBesideTheOptionsGiven() throws Exception {
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", Cli.corpus(dir).toString(), "--out", run.toString(), "--preset", "10m",
                "--hidden", "8", "--layers", "1", "--batch", "4", "--seq-len", "8", "--max-steps", "2",
                "--sample-len", "0", "--threads", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode config = JSON.readTree(SafeTensors.read(run.resolve(TrainingSession.LAST)).metadata().get(RunConfig.KEY));
        assertEquals(0.25, config.at("/model/dropout").asDouble(), 1e-6, config.toString());
        assertTrue(config.at("/model/layerNorm").asBoolean(), config.toString());
        assertEquals(8, config.at("/model/hidden").asInt(), config.toString());
    }

    @Test
    void anUnknownPresetIsAUsageErrorNamingThePresets() {
        BadInputTest.assertError(Cli.run("train", "corpus.txt", "--preset", "5m"), 2, "'5m' is not a preset; the presets are 10m");
    }

    @Test
    void aValueTheRunRefusesNamesThePresetThatSetIt() throws Exception {
        Cli.Result r = Cli.run("train", Cli.corpus(dir).toString(), "--out", dir.resolve("rnn").toString(),
                "--cell", "rnn", "--preset", "10m");
        BadInputTest.assertError(r, 2, "--layer-norm applies to --cell lstm and gru only (--preset 10m set --layer-norm true");
        assertFalse(Files.exists(dir.resolve("rnn")), "nothing is written for a refused run");
    }

    /**
     * sweep.sh resumes a run with every option it started with, --preset included: the preset's
     * options count as typed again, so a run started with it resumes and any other run is refused,
     * naming the option, both values and the preset.
     */
    @Test
    void aResumeTakesThePresetItStartedWithAndRefusesAnother() throws Exception {
        String[] tiny = {"--hidden", "8", "--layers", "1", "--batch", "4", "--seq-len", "8", "--sample-len", "0",
                "--threads", "1", "--quiet"};
        Path withPreset = dir.resolve("with");
        Cli.Result r = Cli.run(concat(new String[] {"train", Cli.corpus(dir).toString(), "--out", withPreset.toString(),
                "--preset", "10m", "--max-steps", "1"}, tiny));
        assertEquals(0, r.code(), r.err());
        r = Cli.run("train", "--resume", withPreset.toString(), "--preset", "10m", "--max-steps", "2", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals("2", SafeTensors.read(withPreset.resolve(TrainingSession.LAST)).metadata().get("train.step"));
        Path longer = dir.resolve("longer");
        r = Cli.run(concat(new String[] {"train", Cli.corpus(dir).toString(), "--out", longer.toString(),
                "--preset", "10m", "--max-time", "20m", "--max-steps", "1"}, tiny));
        assertEquals(0, r.code(), r.err());
        r = Cli.run("train", "--resume", longer.toString(), "--preset", "10m", "--max-steps", "2", "--quiet");
        assertEquals(0, r.code(), r.err());
        JsonNode config = JSON.readTree(SafeTensors.read(longer.resolve(TrainingSession.LAST)).metadata().get(RunConfig.KEY));
        assertEquals(1200, config.at("/schedule/maxTimeSeconds").asLong(), "the preset's --max-time 10m does not steer a resume");

        Path plain = dir.resolve("plain");
        r = Cli.run(concat(new String[] {"train", Cli.corpus(dir).toString(), "--out", plain.toString(), "--max-steps", "1"}, tiny));
        assertEquals(0, r.code(), r.err());
        byte[] before = Files.readAllBytes(plain.resolve(TrainingSession.LAST));
        BadInputTest.assertError(Cli.run("train", "--resume", plain.toString(), "--preset", "10m"), 1,
                "with its own --dropout 0.0; it cannot change to 0.25 (--preset 10m set --layer-norm true --dropout 0.25");
        assertArrayEquals(before, Files.readAllBytes(plain.resolve(TrainingSession.LAST)), "a refused resume writes nothing");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void theHelpNamesThePresets() {
        Cli.Result r = Cli.run("train", "--help");
        assertTrue(r.out().contains("--preset=NAME"), r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("budget: 10m"), r.out());
    }
}
