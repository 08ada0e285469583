package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run over several files and a directory records their fingerprint; --resume on a corpus that
 * changed (reversed, halved, a file added) stops with one line naming the file and leaves the run as it was.
 */
class CorpusResumeTest {
    @Test
    void aResumeOnAChangedCorpusIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path verse = Cli.corpus(dir);
        Path sub = Files.createDirectories(dir.resolve("more"));
        String text = Files.readString(verse);
        Files.writeString(sub.resolve("b.txt"), text.substring(0, 2000));
        Files.writeString(sub.resolve("a.txt"), text.substring(2000, 4000));
        Files.createDirectories(sub.resolve(".git"));
        Files.writeString(sub.resolve(".git").resolve("HEAD"), "\u00ff not text");
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", verse.toString(), sub.toString(), "--out", run.toString(), "--hidden", "8",
                "--layers", "1", "--batch", "4", "--seq-len", "8", "--max-steps", "2", "--sample-len", "0",
                "--threads", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        Path last = run.resolve(TrainingSession.LAST);
        String fp = SafeTensors.read(last).metadata().get("train.corpus_fingerprint");
        // verse.txt, then more/a.txt before more/b.txt; .git is skipped
        assertTrue(fp.indexOf("verse.txt") < fp.indexOf("a.txt") && fp.indexOf("a.txt") < fp.indexOf("b.txt")
                && !fp.contains("HEAD"), fp);
        byte[] before = Files.readAllBytes(last);

        Files.writeString(sub.resolve("a.txt"), new StringBuilder(text.substring(2000, 4000)).reverse().toString());
        Cli.Result reversed = Cli.run("train", "--resume", run.toString(), "--max-steps", "3", "--quiet");
        BadInputTest.assertError(reversed, 1, "the corpus has changed since the run began",
                sub.resolve("a.txt") + " has the same size but different content");
        assertArrayEquals(before, Files.readAllBytes(last), "the refused resume touched the run");

        Files.writeString(sub.resolve("a.txt"), text.substring(2000, 3000));
        BadInputTest.assertError(Cli.run("train", "--resume", run.toString(), "--max-steps", "3", "--quiet"), 1,
                sub.resolve("a.txt") + " had 2000 bytes and has 1000");

        Files.writeString(sub.resolve("a.txt"), text.substring(2000, 4000));
        Files.writeString(sub.resolve("c.txt"), "new");
        BadInputTest.assertError(Cli.run("train", "--resume", run.toString(), "--max-steps", "3", "--quiet"), 1,
                sub.resolve("c.txt") + " was added");

        Files.delete(sub.resolve("c.txt"));
        Cli.Result ok = Cli.run("train", "--resume", run.toString(), "--max-steps", "3", "--quiet");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("3", SafeTensors.read(last).metadata().get("train.step"));
    }
}
