package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.testutil.TinyCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn sample}'s flags: --top-p, --stop, --num-samples, --seed-file, --beam, --json and their misuse. */
class SampleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sample(String ckpt, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "sample";
        args[1] = "--checkpoint";
        args[2] = ckpt;
        args[3] = "--threads=1";
        System.arraycopy(more, 0, args, 4, more.length);
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r.err());
        return r.out();
    }

    @Test
    void theSameRandomSeedGivesTheSameTextAndTopPChangesIt(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        String a = sample(c, "--seed", "Hi", "--len", "200", "--random-seed", "3");
        assertEquals(a, sample(c, "--seed", "Hi", "--len", "200", "--random-seed", "3"));
        assertNotEquals(a, sample(c, "--seed", "Hi", "--len", "200", "--random-seed", "4"));
        assertEquals("Hi".length() + 200 + 1, a.length());
        assertNotEquals(a, sample(c, "--seed", "Hi", "--len", "200", "--random-seed", "3", "--top-p", "0.5"));
        assertEquals(a, sample(c, "--seed", "Hi", "--len", "200", "--random-seed", "3", "--top-p", "1"));
    }

    @Test
    void numSamplesEqualsSingleRunsWithSeedsPlusI(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        String batch = sample(c, "--seed", "A", "--len", "60", "--random-seed", "10", "--num-samples", "4", "--json");
        List<String> lines = batch.lines().toList();
        assertEquals(4, lines.size());
        for (int i = 0; i < 4; i++) {
            JsonNode o = JSON.readTree(lines.get(i));
            String single = sample(c, "--seed", "A", "--len", "60", "--random-seed", String.valueOf(10 + i));
            assertEquals(single, "A" + o.get("text").asText() + "\n", "sample " + i);
            assertEquals(10 + i, o.get("random_seed").asLong());
            assertEquals(60, o.get("log_probs").size());
            double sum = 0;
            for (JsonNode lp : o.get("log_probs")) {
                assertTrue(lp.asDouble() <= 0);
                sum += lp.asDouble();
            }
            assertEquals(sum, o.get("total_log_prob").asDouble(), 1e-9);
        }
        String plain = sample(c, "--seed", "A", "--len", "60", "--random-seed", "10", "--num-samples", "2");
        String s0 = sample(c, "--seed", "A", "--len", "60", "--random-seed", "10");
        String s1 = sample(c, "--seed", "A", "--len", "60", "--random-seed", "11");
        assertEquals(s0 + "\n" + s1, plain);
    }

    @Test
    void stopEndsTheTextRightAfterTheStopText(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        String full = sample(c, "--seed", "x", "--len", "400", "--random-seed", "1");
        String generated = full.substring(1, full.length() - 1);
        String stop = generated.substring(150, 152);
        int at = generated.indexOf(stop);
        String stopped = sample(c, "--seed", "x", "--len", "400", "--random-seed", "1", "--stop", stop);
        assertEquals("x" + generated.substring(0, at + stop.length()) + "\n", stopped);
        String never = sample(c, "--seed", "x", "--len", "400", "--random-seed", "1", "--stop", "\u00e9\u00e9");
        assertEquals(full, never);
    }

    @Test
    void seedFileIsTheSameAsSeed(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        Path seed = Files.writeString(dir.resolve("seed.txt"), "Hello there\nyou");
        assertEquals(sample(c, "--seed", "Hello there\nyou", "--len", "50", "--random-seed", "2"),
                sample(c, "--seed-file", seed.toString(), "--len", "50", "--random-seed", "2"));
    }

    @Test
    void beamIsDeterministicAndWidthOneIsTemperatureZero(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        assertEquals(sample(c, "--seed", "The", "--len", "40", "--temperature", "0"),
                sample(c, "--seed", "The", "--len", "40", "--beam", "1"));
        JsonNode o = JSON.readTree(sample(c, "--seed", "The", "--len", "40", "--beam", "5", "--json"));
        assertEquals(40, o.get("log_probs").size());
        assertEquals(5, o.get("beam").asInt());
        JsonNode greedy = JSON.readTree(sample(c, "--seed", "The", "--len", "40", "--beam", "1", "--json"));
        assertTrue(o.get("total_log_prob").asDouble() >= greedy.get("total_log_prob").asDouble() - 1e-9);
    }

    @Test
    void combinationsThatMakeNoSenseAreOneLineUsageErrors(@TempDir Path dir) throws Exception {
        String c = TinyCheckpoints.lstm(dir).toString();
        Path seed = Files.writeString(dir.resolve("seed.txt"), "Hi");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--top-p", "0"), 2, "--top-p is 0.0");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--top-p", "1.5"), 2, "--top-p");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--num-samples", "0"), 2, "--num-samples");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--beam", "-1"), 2, "--beam");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--stop", ""), 2, "--stop is empty");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--beam", "256", "--len", "1000000"), 2,
                "use a shorter --len");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--seed", "a", "--seed-file", seed.toString()),
                2, "--seed and --seed-file");
        for (String[] o : List.of(new String[] {"--temperature", "0.5"}, new String[] {"--top-k", "3"},
                new String[] {"--top-p", "0.9"}, new String[] {"--random-seed", "1"}, new String[] {"--num-samples", "2"})) {
            BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--beam", "3", o[0], o[1]), 2, "--beam", o[0]);
        }
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--temperature", "0", "--top-p", "0.5"), 2,
                "--temperature 0", "--top-p");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--temperature", "0", "--num-samples", "3"), 2,
                "--num-samples 3");
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--seed-file", dir.resolve("none.txt").toString()),
                1, "does not exist");
        Path big = dir.resolve("big.txt");
        Files.write(big, new byte[(int) SampleCommand.MAX_SEED_BYTES + 1]);
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--seed-file", big.toString()), 1, "at most");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        BadInputTest.assertError(Cli.run("sample", "--checkpoint", c, "--seed-file", latin1.toString()), 1, "not valid UTF-8");
    }
}
