package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.train.TrainingSession;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets one line that says what is wrong and what to do, the right exit
 * code, no stack trace, and leaves what is on disk as it was.
 */
class BadInputTest {
    @TempDir
    static Path dir;
    static Path corpus;
    static Path ckpt;

    /** A tiny trained run whose checkpoint the sampling cases use. */
    @BeforeAll
    static void trainOnce() throws Exception {
        corpus = Cli.corpus(dir);
        Cli.Result r = Cli.run("train", corpus.toString(), "--out", dir.resolve("run").toString(), "--hidden", "8",
                "--layers", "1", "--batch", "4", "--seq-len", "8", "--max-steps", "3", "--sample-len", "0", "--quiet");
        assertEquals(0, r.code(), r.err());
        ckpt = dir.resolve("run").resolve(TrainingSession.BEST);
        assertTrue(Files.exists(ckpt));
    }

    static void assertError(Cli.Result r, int code, String... phrases) {
        assertEquals(code, r.code(), "exit code; stderr was: " + r.err());
        String line = r.errorLine();
        assertFalse(line.isEmpty(), "no 'rnn: error:' line in: " + r.err());
        for (String p : phrases) {
            assertTrue(line.contains(p), "expected '" + p + "' in: " + line);
        }
        assertFalse(r.err().contains("\tat "), "a stack trace was printed: " + r.err());
    }

    static Cli.Result train(String... more) {
        String[] base = {"train", corpus.toString(), "--hidden", "8", "--layers", "1", "--batch", "4", "--seq-len", "8",
                "--max-steps", "2", "--sample-len", "0", "--quiet", "--out", dir.resolve("t" + System.nanoTime()).toString()};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return Cli.run(args);
    }

    @Test
    void corpusProblems() throws Exception {
        assertError(Cli.run("train", dir.resolve("missing.txt").toString()), 1, "does not exist");
        // a directory is read recursively (CorpusFiles); one without text files is refused
        Path emptyDir = Files.createDirectories(dir.resolve("no-text"));
        assertError(Cli.run("train", emptyDir.toString()), 1, "no corpus files found in");
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertError(Cli.run("train", empty.toString()), 1, "is empty");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
        assertError(Cli.run("train", latin1.toString()), 1, "not valid UTF-8", "byte offset 3");
        Path tiny = Files.writeString(dir.resolve("tiny.txt"), "just a few words");
        assertError(Cli.run("train", tiny.toString(), "--out", dir.resolve("tiny-run").toString()), 1, "too short", "seq length at most");
    }

    @Test
    void badOptionValues() {
        assertError(train("--hidden", "0"), 2, "--hidden");
        assertError(train("--layers", "-1"), 2, "--layers");
        assertError(train("--batch", "0"), 2, "--batch");
        assertError(train("--seq-len", "-5"), 2, "--seq-len");
        assertError(train("--lr", "0"), 2, "--lr");
        assertError(train("--lr", "-0.1"), 2, "--lr");
        assertError(train("--dropout", "1"), 2, "--dropout");
        assertError(train("--dropout", "-0.2"), 2, "--dropout");
        assertError(train("--cell", "transformer"), 2, "--cell", "transformer");
        assertError(train("--optimizer", "lion"), 2, "--optimizer", "lion");
        assertError(train("--max-time", "soon"), 2, "--max-time");
        assertError(Cli.run("train"), 2, "CORPUS");
    }

    @Test
    void unwritableOutput() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertError(Cli.run("train", corpus.toString(), "--out", file.resolve("sub").toString()), 1, "choose another --out");
    }

    @Test
    void aRunIsNotOverwrittenByANewOne() throws Exception {
        Path run = dir.resolve("run");
        byte[] before = Files.readAllBytes(run.resolve(TrainingSession.LAST));
        assertError(Cli.run("train", corpus.toString(), "--out", run.toString()), 1, "already holds a run", "--resume");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(run.resolve(TrainingSession.LAST))));
    }

    @Test
    void checkpointProblems() throws Exception {
        assertError(Cli.run("sample", "--checkpoint", dir.resolve("nope.safetensors").toString()), 1, "does not exist");
        assertError(Cli.run("sample", "--checkpoint", corpus.toString()), 1, "not a safetensors checkpoint");
        byte[] good = Files.readAllBytes(ckpt);
        Path cut = Files.write(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(good, good.length / 2));
        assertError(Cli.run("sample", "--checkpoint", cut.toString()), 1, "truncated");
        Path absurd = dir.resolve("absurd.safetensors");
        Files.write(absurd, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 60).array());
        assertError(Cli.run("sample", "--checkpoint", absurd.toString()), 1, "header of " + (1L << 60));
        Path flipped = Files.write(dir.resolve("flipped.safetensors"), good);
        try (RandomAccessFile raf = new RandomAccessFile(flipped.toFile(), "rw")) {
            raf.seek(good.length - 3);
            int b = raf.read();
            raf.seek(good.length - 3);
            raf.write(b ^ 0x10);
        }
        assertError(Cli.run("sample", "--checkpoint", flipped.toString()), 1, "checksum");
        assertError(Cli.run("train", "--resume", dir.resolve("nowhere").toString()), 1, "cannot resume");
    }

    @Test
    void samplingProblems() {
        String c = ckpt.toString();
        assertError(Cli.run("sample", "--checkpoint", c, "--seed", "Zebra \u00e9\ud83d\ude42"), 2, "'\u00e9' (U+00E9)", "U+1F642");
        assertError(Cli.run("sample", "--checkpoint", c, "--len", "-1"), 2, "--len");
        assertError(Cli.run("sample", "--checkpoint", c, "--temperature", "-0.5"), 2, "--temperature");
        assertError(Cli.run("sample", "--checkpoint", c, "--top-k", "-1"), 2, "--top-k");
        assertError(Cli.run("sample", "--checkpoint", c, "--seed", ""), 2, "--seed");
    }

    @Test
    void verboseShowsTheStackTrace() {
        Cli.Result r = Cli.run("--verbose", "sample", "--checkpoint", dir.resolve("nope.safetensors").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void divergenceStopsWithTheStepAndAdvice() throws Exception {
        Path out = dir.resolve("diverge");
        Cli.Result r = Cli.run("train", corpus.toString(), "--out", out.toString(), "--cell", "rnn", "--activation", "relu",
                "--identity-init", "--hidden", "16", "--layers", "1", "--batch", "4", "--seq-len", "8",
                "--optimizer", "sgd", "--lr", "1e6", "--clip", "0", "--checkpoint-every", "1", "--max-steps", "200",
                "--sample-len", "0", "--quiet");
        assertError(r, 1, "at step", "--lr");
        if (Files.exists(out.resolve(TrainingSession.LAST))) {
            assertTrue(r.errorLine().contains("kept as it was"), r.errorLine());
            // the kept checkpoint is readable and finite
            Cli.Result info = Cli.run("eval", "--checkpoint", out.resolve(TrainingSession.LAST).toString(), corpus.toString(), "--json");
            assertEquals(0, info.code(), info.err());
        }
    }
}
