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
import dev.rnn.train.Schedule;
import dev.rnn.train.TrainingSession;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code rnn train}: every option either is restored on --resume (the run's value kept when it is
 * not given) or refuses a change, and every schedule option given again takes effect; boolean
 * options take {@code =true|false}; a model too large for the heap is refused before allocating.
 */
class TrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Options of rnn train that are not settings of the run, each with why the walk leaves it out. */
    private static final Map<String, String> NOT_RUN_SETTINGS = Map.of(
            "--resume", "names the run to continue: the subject of the walk",
            "--out", "names a new run's directory; with --resume it is refused (aRunDirectoryIsNotGivenTwice)",
            "--quiet", "only hides the progress bar; nothing of the run",
            "--init-from", "only where a new run's weights start; with --resume it is refused (initFromIsNotGivenOnResume)",
            "--no-cache", "only decides where the scanned corpus comes from; the corpus and its fingerprint are the same",
            "--preset", "only chooses a new run's other options, which the walk covers; with --resume it is refused (PresetTest)",
            "--help", "prints the help and exits",
            "--version", "prints the version and exits",
            "--verbose", "the root command's: adds stack traces to errors");

    @TempDir
    static Path dir;
    static Path corpus;
    static Path base;
    static String[] baseArgs;

    /** A 2-step run on one thread, which every resume case copies. */
    @BeforeAll
    static void trainBase() throws Exception {
        corpus = Cli.corpus(dir);
        base = dir.resolve("base");
        baseArgs = new String[] {"train", corpus.toString(), "--out", base.toString(), "--hidden", "8", "--layers", "1",
                "--batch", "4", "--seq-len", "8", "--max-steps", "2", "--eval-every", "1000", "--checkpoint-every", "1000",
                "--sample-len", "0", "--threads", "1", "--quiet"};
        Cli.Result r = Cli.run(baseArgs);
        assertEquals(0, r.code(), r.err());
    }

    private static Path copyOfBase(String name) throws Exception {
        Path copy = Files.createDirectory(dir.resolve(name));
        try (Stream<Path> files = Files.list(base)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    private static JsonNode savedConfig(Path run) throws Exception {
        return JSON.readTree(SafeTensors.read(run.resolve(TrainingSession.LAST)).metadata().get(RunConfig.KEY));
    }

    private static CommandLine.Model.CommandSpec trainSpec() {
        return Main.commandLine().getSubcommands().get("train").getCommandSpec();
    }

    /** A valid value of the option's type other than {@code v}. */
    private static String otherValue(OptionSpec o, Object v) {
        Class<?> type = o.type();
        if (type == boolean.class || type == Boolean.class) {
            return Boolean.toString(!(Boolean) v);
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).filter(c -> !c.equals(v)).findFirst().orElseThrow()
                    .toString().toLowerCase(Locale.ROOT);
        }
        if (v instanceof List<?> list) {
            return list.isEmpty() ? "*.md" : "";
        }
        if (v instanceof Integer i) {
            return Integer.toString(i + 1);
        }
        if (v instanceof Long l) {
            return Long.toString(l + 1);
        }
        double d = ((Number) v).doubleValue();
        return Double.toString(d > 0 ? d / 2 : 0.5);
    }

    @Test
    void everyOptionIsRestoredOnResumeOrRefusesAChange() throws Exception {
        // the run's value of every option: the base command line parsed afresh
        CommandLine root = Main.commandLine();
        root.parseArgs(baseArgs);
        Map<String, Object> runValue = new HashMap<>();
        for (OptionSpec o : root.getSubcommands().get("train").getCommandSpec().options()) {
            runValue.put(o.longestName(), o.getValue());
        }
        JsonNode before = savedConfig(base);
        byte[] baseBytes = Files.readAllBytes(base.resolve(TrainingSession.LAST));

        Map<String, String> scheduleFieldOf = new HashMap<>();
        List<String> refused = new ArrayList<>();
        int walked = 0;
        for (OptionSpec o : trainSpec().options()) {
            String name = o.longestName();
            if (NOT_RUN_SETTINGS.containsKey(name)) {
                continue;
            }
            walked++;
            String value = otherValue(o, runValue.get(name));
            Path run = copyOfBase("walk" + name);
            List<String> args = new ArrayList<>(List.of("train", "--resume", run.toString(), name + "=" + value, "--quiet"));
            if (!name.equals("--max-steps")) {
                args.add("--max-steps=3");
            }
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            if (r.code() == 0) {
                // taken: the new checkpoint's schedule differs from the run's in this option's field only
                JsonNode after = savedConfig(run);
                for (String group : List.of("model", "data", "optim")) {
                    assertEquals(before.get(group), after.get(group), name + " changed the " + group + " of the run");
                }
                List<String> changed = new ArrayList<>();
                for (Iterator<String> it = after.get("schedule").fieldNames(); it.hasNext(); ) {
                    String f = it.next();
                    boolean expectedMaxSteps = f.equals("maxSteps") && !name.equals("--max-steps");
                    if (!expectedMaxSteps && !before.get("schedule").get(f).equals(after.get("schedule").get(f))) {
                        changed.add(f);
                    }
                }
                assertEquals(1, changed.size(), name + "=" + value + " changed " + changed);
                assertEquals(Double.parseDouble(value), after.get("schedule").get(changed.get(0)).asDouble(),
                        1e-6 * Math.abs(Double.parseDouble(value)), name + " did not take effect");
                scheduleFieldOf.put(name, changed.get(0));
            } else {
                BadInputTest.assertError(r, 1, "--resume continues the run", name, "cannot change");
                assertArrayEquals(baseBytes, Files.readAllBytes(run.resolve(TrainingSession.LAST)), name + " touched the run");
                refused.add(name);
            }
        }
        // the options taken are exactly the schedule's fields, one each
        Set<String> fields = new HashSet<>();
        for (RecordComponent c : Schedule.class.getRecordComponents()) {
            fields.add(c.getName());
        }
        assertEquals(fields, new HashSet<>(scheduleFieldOf.values()), "options taken on resume: " + scheduleFieldOf);
        assertEquals(fields.size(), scheduleFieldOf.size(), "two options set one field: " + scheduleFieldOf);
        assertEquals(walked, scheduleFieldOf.size() + refused.size());
        assertTrue(refused.containsAll(List.of("--hidden", "--cell", "--batch", "--optimizer", "--random-seed")), refused.toString());
    }

    @Test
    void optionsNotGivenOnResumeKeepTheRunsValuesThreadsIncluded() throws Exception {
        Path run = copyOfBase("keep");
        Cli.Result r = Cli.run("train", "--resume", run.toString(), "--max-steps", "3", "--hidden", "8", "--quiet");
        assertEquals(0, r.code(), r.err()); // an architecture option given with the run's own value is no change
        JsonNode before = savedConfig(base);
        JsonNode after = savedConfig(run);
        for (String group : List.of("model", "data", "optim")) {
            assertEquals(before.get(group), after.get(group), group);
        }
        assertEquals(3, after.get("schedule").get("maxSteps").asInt());
        // the run's 1 thread, not this command line's default (all cores)
        assertEquals(1, after.get("schedule").get("threads").asInt());
        ((com.fasterxml.jackson.databind.node.ObjectNode) before.get("schedule")).put("maxSteps", 3);
        assertEquals(before, after);
        assertEquals("3", SafeTensors.read(run.resolve(TrainingSession.LAST)).metadata().get("train.step"));
    }

    @Test
    void theHelpNamesEveryOptionThatMayChangeOnResume() {
        String help = String.join(" ", trainSpec().usageMessage().description());
        String list = help.substring(help.indexOf("of the options given again"));
        for (OptionSpec o : trainSpec().mixins().get("schedule").options()) {
            assertTrue(list.contains(o.longestName() + " ") || list.contains(o.longestName() + ","),
                    o.longestName() + " may change on resume but the help does not say so: " + list);
        }
        assertFalse(list.contains("--hidden"), list);
    }

    @Test
    void aRunDirectoryIsNotGivenTwice() throws Exception {
        Path run = copyOfBase("twice");
        BadInputTest.assertError(Cli.run("train", "--resume", run.toString(), "--out", dir.resolve("elsewhere").toString()),
                2, "drop --out");
        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--resume", run.toString()), 2, "drop the CORPUS");
    }

    @Test
    void aRunFromANewerFormatIsRefusedNamingBothVersions() throws Exception {
        Path run = copyOfBase("newer");
        Path last = run.resolve(TrainingSession.LAST);
        dev.rnn.checkpoint.SafeTensorsFile f = SafeTensors.read(last);
        Map<String, String> meta = new HashMap<>(f.metadata());
        int current = dev.rnn.checkpoint.ModelCheckpoint.FORMAT_VERSION;
        int newer = current + 1;
        meta.put("format_version", Integer.toString(newer));
        SafeTensors.write(last, f.tensors(), meta);
        BadInputTest.assertError(Cli.run("train", "--resume", run.toString(), "--max-steps", "3"), 1,
                "was written by format version " + newer + "; this rnn reads up to " + current + ": upgrade rnn");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", last.toString()), 1, "format version " + newer);
    }

    @Test
    void initFromIsNotGivenOnResume() throws Exception {
        Path run = copyOfBase("init-from-resume");
        BadInputTest.assertError(Cli.run("train", "--resume", run.toString(), "--init-from",
                base.resolve(TrainingSession.LAST).toString()), 2, "drop --init-from");
    }

    @Test
    void initFromStartsANewRunFromTrainedWeightsWithNewCharacters() throws Exception {
        Path more = Files.writeString(dir.resolve("more.txt"), Files.readString(corpus) + "Ünïcödé 😀\n");
        Path tuned = dir.resolve("tuned");
        Cli.Result r = Cli.run("train", more.toString(), "--init-from", base.resolve(TrainingSession.LAST).toString(),
                "--out", tuned.toString(), "--hidden", "8", "--layers", "1", "--batch", "4", "--seq-len", "8",
                "--max-steps", "1", "--sample-len", "0", "--threads", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals("1", SafeTensors.read(tuned.resolve(TrainingSession.LAST)).metadata().get("train.step"));
        Cli.Result wrong = Cli.run("train", more.toString(), "--init-from", base.resolve(TrainingSession.LAST).toString(),
                "--out", dir.resolve("tuned-wrong").toString(), "--hidden", "16", "--layers", "1", "--quiet");
        BadInputTest.assertError(wrong, 1, "holds a lstm 1x8 model; this run is lstm 1x16");
    }

    @Test
    void aCosineScheduleRefusesCharRnnsStepDecay() throws Exception {
        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--out", dir.resolve("cosine").toString(),
                "--lr-schedule", "cosine", "--lr-decay", "0.9", "--max-steps", "1", "--quiet"), 2,
                "--lr-decay is char-rnn's step decay, but the run's --lr-schedule is cosine", "drop --lr-decay");
        assertFalse(Files.exists(dir.resolve("cosine").resolve(TrainingSession.LAST)));
        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--out", dir.resolve("floor").toString(),
                "--min-lr", "0.001", "--max-steps", "1", "--quiet"), 2, "--min-lr applies to --lr-schedule cosine only");
    }

    @Test
    void aGivenStepOrTimeLimitIsTheRunsLengthUnlessEpochsIsGivenToo() throws Exception {
        String[] tiny = {"--hidden", "4", "--layers", "1", "--batch", "4", "--seq-len", "8", "--sample-len", "0",
                "--threads", "1", "--quiet"};
        Map<String, List<String>> runs = Map.of(
                "steps", List.of("--max-steps", "1"),
                "time", List.of("--max-steps", "1", "--max-time", "1h"),
                "preset", List.of("--max-steps", "1", "--preset", "10m"),
                "epochs", List.of("--max-steps", "1", "--epochs", "7"));
        for (Map.Entry<String, List<String>> run : runs.entrySet()) {
            List<String> args = new ArrayList<>(List.of("train", corpus.toString(), "--out", dir.resolve("limit-" + run.getKey()).toString()));
            args.addAll(run.getValue());
            args.addAll(List.of(tiny));
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            assertEquals(run.getKey().equals("epochs") ? 7 : 0, savedConfig(dir.resolve("limit-" + run.getKey()))
                    .at("/schedule/epochs").asInt(), run.getKey() + ": --epochs 0 is no epoch limit");
        }
        Path resumed = dir.resolve("limit-epochs");
        Cli.Result r = Cli.run("train", "--resume", resumed.toString(), "--max-steps", "2", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, savedConfig(resumed).at("/schedule/epochs").asInt(), "a resume given --max-steps alone lifts --epochs 7");
        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--out", dir.resolve("endless").toString(),
                "--lr-schedule", "cosine", "--epochs", "0", "--quiet"), 2,
                "--lr-schedule cosine decays over the run's length, but --epochs 0 with no --max-steps or --max-time has none");
        assertFalse(Files.exists(dir.resolve("endless")));
    }

    @Test
    void aScheduleValueOutOfRangeOnResumeIsAUsageError() throws Exception {
        Path run = copyOfBase("range");
        BadInputTest.assertError(Cli.run("train", "--resume", run.toString(), "--lr", "-1"), 2, "--lr");
    }

    @Test
    void everyOptionGroupMapsOneToOneToItsRecord() {
        Map<Class<?>, Class<?>> recordOf = Map.of(ModelOptions.class, dev.rnn.train.ModelSpec.class,
                OptimOptions.class, dev.rnn.train.OptimSpec.class, ScheduleOptions.class, Schedule.class,
                DataOptions.class, dev.rnn.train.DataSpec.class);
        Map<String, CommandLine.Model.CommandSpec> mixins = trainSpec().mixins();
        int options = 0;
        for (Map.Entry<String, CommandLine.Model.CommandSpec> e : mixins.entrySet()) {
            if (e.getKey().equals("mixinStandardHelpOptions")) {
                continue; // --help and --version
            }
            CommandLine.Model.CommandSpec m = e.getValue();
            Class<?> record = recordOf.get(m.userObject().getClass());
            assertTrue(record != null, "a mixin of rnn train without a record: " + m.userObject().getClass());
            int fields = record.getRecordComponents().length;
            int given = m.options().size() + m.positionalParameters().size();
            assertEquals(fields, given, m.userObject().getClass().getSimpleName() + " vs " + record.getSimpleName());
            options += m.options().size();
        }
        assertEquals(5, mixins.size(), mixins.keySet().toString());
        assertEquals(options + NOT_RUN_SETTINGS.size(), trainSpec().options().size(),
                "an option of rnn train outside the groups that the walk does not know about");
    }

    @Test
    void booleanOptionsTakeTrueOrFalse() throws Exception {
        Path on = dir.resolve("identity-on");
        Cli.Result r = Cli.run("train", "--quiet", corpus.toString(), "--out", on.toString(), "--cell", "rnn",
                "--activation", "relu", "--identity-init=true", "--hidden", "8", "--layers", "1", "--batch", "4",
                "--seq-len", "8", "--max-steps", "1", "--sample-len", "0", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(savedConfig(on).get("model").get("identityInit").asBoolean());

        Path off = dir.resolve("identity-off");
        r = Cli.run("train", corpus.toString(), "--out", off.toString(), "--identity-init=false", "--quiet=true",
                "--hidden", "8", "--layers", "1", "--batch", "4", "--seq-len", "8", "--max-steps", "1", "--sample-len", "0",
                "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertFalse(savedConfig(off).get("model").get("identityInit").asBoolean());

        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--identity-init", "--out",
                dir.resolve("identity-lstm").toString()), 2, "--identity-init applies to --cell rnn --activation relu");
        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--quiet=maybe"), 2, "--quiet");
    }

    @Test
    void aModelTooLargeForTheHeapIsRefusedBeforeAllocating() {
        Path out = dir.resolve("huge");
        Cli.Result r = Cli.run("train", corpus.toString(), "--out", out.toString(), "--hidden", "100000", "--quiet");
        BadInputTest.assertError(r, 1, "an lstm 2x100000 model needs about", "TB", "the heap allows",
                "RNN_JAVA_OPTS=-Xmx");
        assertFalse(Files.exists(out), "the run directory was created");
        assertNotEquals("", r.errorLine());
    }
}
