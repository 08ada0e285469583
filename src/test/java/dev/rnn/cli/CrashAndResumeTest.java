package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.checkpoint.SafeTensorsFile;
import dev.rnn.checkpoint.Tensor;
import dev.rnn.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No training time is lost: a run killed with SIGKILL (twice, at different moments) and resumed
 * ends bit-identical to the same run uninterrupted; Ctrl-C saves and exits 130; a second process
 * on the same run directory is refused.
 */
class CrashAndResumeTest {
    private static final int STEPS = 300;

    /** Dropout on, so the resumed run must also restore the dropout generator exactly. */
    private static List<String> options(Path corpus, Path out) {
        return new ArrayList<>(List.of("train", corpus.toString(), "--out", out.toString(), "--hidden", "24",
                "--layers", "2", "--dropout", "0.2", "--batch", "4", "--seq-len", "16", "--eval-every", "50",
                "--checkpoint-every", "1", "--sample-len", "0", "--threads", "1", "--random-seed", "77", "--quiet"));
    }

    private static long savedStep(Path run) throws Exception {
        return Long.parseLong(SafeTensors.read(run.resolve(TrainingSession.LAST)).metadata().get("train.step"));
    }

    @Test
    void killNineAndResumeMatchesAnUninterruptedRunBitForBit(@TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path ref = dir.resolve("ref");
        List<String> refArgs = options(corpus, ref);
        refArgs.addAll(List.of("--max-steps", Integer.toString(STEPS)));
        assertEquals(0, Cli.run(refArgs.toArray(String[]::new)).code());

        Path crash = dir.resolve("crash");
        List<String> crashArgs = options(corpus, crash);
        crashArgs.addAll(List.of("--max-steps", "1000000")); // never ends by itself
        Process p = Cli.start(dir.resolve("first.log"), crashArgs.toArray(String[]::new));
        Cli.awaitLines(crash.resolve("metrics.csv"), 20, p);
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        long firstKill = savedStep(crash);

        Process q = Cli.start(dir.resolve("second.log"), "train", "--resume", crash.toString(), "--max-steps", "1000000");
        Cli.awaitLines(crash.resolve("metrics.csv"), (int) firstKill + 40, q);
        q.destroyForcibly();
        q.waitFor(30, TimeUnit.SECONDS);
        long secondKill = savedStep(crash);
        assertTrue(firstKill < secondKill && secondKill < STEPS,
                "kills at steps " + firstKill + " and " + secondKill + " must fall inside the " + STEPS + "-step run");

        Cli.Result r = Cli.run("train", "--resume", crash.toString(), "--max-steps", Integer.toString(STEPS));
        assertEquals(0, r.code(), r.err());

        SafeTensorsFile a = SafeTensors.read(ref.resolve(TrainingSession.LAST));
        SafeTensorsFile b = SafeTensors.read(crash.resolve(TrainingSession.LAST));
        assertEquals(Integer.toString(STEPS), b.metadata().get("train.step"));
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            assertEquals(e.getValue(), b.tensors().get(e.getKey()), e.getKey() + " differs after kill -9 and resume");
        }
        List<String> steps = Files.readAllLines(crash.resolve("metrics.csv")).stream().skip(1)
                .map(l -> l.substring(0, l.indexOf(','))).toList();
        assertEquals(steps.size(), steps.stream().distinct().count() + countEvalRows(crash), "metrics.csv repeats steps");
    }

    /**
     * A run stopped at step 20 and resumed to 40 equals one run of 40 steps with layer norm, locked
     * dropout and weight drop on (the dropout generator also draws the weight masks).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lstm", "gru"})
    void aLayerNormRunResumedEndsWithTheBitsOfOneRun(String cell, @TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path ref = dir.resolve("ref");
        List<String> refArgs = options(corpus, ref);
        refArgs.addAll(List.of("--cell", cell, "--layer-norm", "--locked-dropout", "--weight-drop", "0.25", "--max-steps", "40"));
        assertEquals(0, Cli.run(refArgs.toArray(String[]::new)).code());
        Path split = dir.resolve("split");
        List<String> splitArgs = options(corpus, split);
        splitArgs.addAll(List.of("--cell", cell, "--layer-norm", "--locked-dropout", "--weight-drop", "0.25", "--max-steps", "20"));
        assertEquals(0, Cli.run(splitArgs.toArray(String[]::new)).code());
        Cli.Result r = Cli.run("train", "--resume", split.toString(), "--max-steps", "40", "--quiet");
        assertEquals(0, r.code(), r.err());

        SafeTensorsFile a = SafeTensors.read(ref.resolve(TrainingSession.LAST));
        SafeTensorsFile b = SafeTensors.read(split.resolve(TrainingSession.LAST));
        assertEquals("true", b.metadata().get("layer_norm"));
        assertTrue(b.metadata().get("train.config").contains("\"lockedDropout\":true,\"weightDrop\":0.25"),
                b.metadata().get("train.config"));
        assertTrue(a.tensors().containsKey("rnn.ln_hh_weight_l1"), a.tensors().keySet().toString());
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            assertEquals(e.getValue(), b.tensors().get(e.getKey()), e.getKey() + " differs after stop and resume");
        }
    }

    /** Rows written at the end-of-run evaluation share the step of the last training row. */
    private static long countEvalRows(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1).filter(l -> l.split(",", -1)[2].isEmpty()).count();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "SIG{0} exits {1}")
    @org.junit.jupiter.params.provider.CsvSource({"INT, 130", "TERM, 143"})
    void ctrlCOrTermSavesACheckpointAndExits(String signal, int expectedCode, @TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path run = dir.resolve("run");
        List<String> args = options(corpus, run);
        args.set(args.indexOf("--checkpoint-every") + 1, "100000");
        args.addAll(List.of("--max-steps", "1000000"));
        Path log = dir.resolve("log.txt");
        Process p = Cli.start(log, args.toArray(String[]::new));
        Cli.awaitLines(run.resolve("metrics.csv"), 10, p);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not stop after SIGINT");
        assertEquals(expectedCode, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("rnn train --resume " + run), Files.readString(log));
        long step = savedStep(run);
        assertTrue(step >= 9, "checkpoint at step " + step);
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        String last = rows.get(rows.size() - 1);
        assertEquals(Long.toString(step), last.substring(0, last.indexOf(',')), "the checkpoint holds the last logged step");
    }

    @Test
    void aSecondProcessOnTheSameRunIsRefused(@TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path run = dir.resolve("run");
        List<String> args = options(corpus, run);
        args.addAll(List.of("--max-steps", "1000000"));
        Process p = Cli.start(dir.resolve("log.txt"), args.toArray(String[]::new));
        try {
            Cli.awaitLines(run.resolve("metrics.csv"), 5, p);
            Cli.Result r = Cli.run("train", "--resume", run.toString(), "--max-steps", "10");
            assertEquals(1, r.code(), r.err());
            assertTrue(r.errorLine().contains("another rnn process"), r.err());
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
