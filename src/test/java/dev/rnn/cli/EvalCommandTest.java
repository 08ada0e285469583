package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.train.TrainingSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn eval}: the same score as text or, with --json (or --json=true), as one JSON line. */
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
}
