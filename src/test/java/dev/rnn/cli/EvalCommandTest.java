package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.train.TrainingSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn eval}: the same score as text or, with --json (or --json=true), as one JSON line;
 * --dynamic beside it, tuned on other text, without changing the checkpoint's bytes.
 */
class EvalCommandTest {
    @Test
    void jsonTakesTrueOrFalse(@TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path run = dir.resolve("run");
        Cli.Result t = Cli.run("train", corpus.toString(), "--out", run.toString(), "--hidden", "8", "--layers", "1",
                "--batch", "4", "--seq-len", "8", "--max-steps", "2", "--sample-len", "0", "--threads", "1", "--quiet");
        assertEquals(0, t.code(), t.err());
        String ckpt = run.resolve(TrainingSession.LAST).toString();

        Cli.Result json = Cli.run("eval", corpus.toString(), "--checkpoint", ckpt, "--json");
        Cli.Result jsonTrue = Cli.run("eval", corpus.toString(), "--checkpoint", ckpt, "--json=true");
        Cli.Result text = Cli.run("eval", corpus.toString(), "--checkpoint", ckpt, "--json=false");
        assertEquals(0, json.code(), json.err());
        assertEquals(json.out(), jsonTrue.out());
        double nats = new ObjectMapper().readTree(json.out()).get("nats_per_char").asDouble();
        assertTrue(text.out().startsWith(String.format(java.util.Locale.ROOT, "%.6f nats/char", nats)), text.out());
        BadInputTest.assertError(Cli.run("eval", corpus.toString(), "--checkpoint", ckpt, "--threads", "0"), 2, "--threads is 0");
    }

    @Test
    void dynamicEvaluationIsReportedBesideTheStaticScoreAndLeavesTheFileAlone(@TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path run = dir.resolve("run");
        Cli.Result t = Cli.run("train", corpus.toString(), "--out", run.toString(), "--hidden", "16", "--layers", "1",
                "--batch", "4", "--seq-len", "16", "--max-steps", "20", "--sample-len", "0", "--threads", "1", "--quiet");
        assertEquals(0, t.code(), t.err());
        Path ckpt = run.resolve(TrainingSession.LAST);
        byte[] bytes = java.nio.file.Files.readAllBytes(ckpt);
        String text = java.nio.file.Files.readString(corpus);
        Path tune = dir.resolve("tune.txt");
        Path score = dir.resolve("score.txt");
        java.nio.file.Files.writeString(tune, text.substring(0, 1500));
        java.nio.file.Files.writeString(score, text.substring(1500, 3500));

        Cli.Result r = Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--dynamic", "--tune-on",
                tune.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode j = new ObjectMapper().readTree(r.out());
        Cli.Result plain = Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--json");
        assertEquals(new ObjectMapper().readTree(plain.out()).get("nats_per_char"), j.get("nats_per_char"),
                "the static score is the one rnn eval reports alone");
        double stat = j.get("nats_per_char").asDouble();
        double dyn = j.get("dynamic_nats_per_char").asDouble();
        assertTrue(dyn < stat, "dynamic " + dyn + " vs static " + stat + " on text that repeats the verse");
        assertTrue(j.get("dynamic_lr").asDouble() > 0, r.out());
        assertArrayEquals(bytes, java.nio.file.Files.readAllBytes(ckpt), "the checkpoint file changed");

        Cli.Result given = Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--dynamic",
                "--dynamic-lr", j.get("dynamic_lr").asText(), "--json");
        assertEquals(r.out(), given.out(), "the tuned step size given explicitly gives the same report");
        // --dynamic defaults to all cores: its figures must not depend on the thread count
        for (String threads : new String[] {"1", "2"}) {
            Cli.Result split = Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--dynamic",
                    "--dynamic-lr", j.get("dynamic_lr").asText(), "--json", "--threads", threads);
            assertEquals(r.out(), split.out(), "--threads " + threads);
        }

        BadInputTest.assertError(Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--dynamic"), 2,
                "--dynamic needs its step size");
        BadInputTest.assertError(Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--dynamic",
                "--tune-on", score.toString()), 2, "--tune-on is the text being scored");
        BadInputTest.assertError(Cli.run("eval", score.toString(), "--checkpoint", ckpt.toString(), "--tune-on",
                tune.toString()), 2, "add --dynamic");
        assertArrayEquals(bytes, java.nio.file.Files.readAllBytes(ckpt), "the checkpoint file changed");
    }
}
