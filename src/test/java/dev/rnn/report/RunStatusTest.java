package dev.rnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.checkpoint.RunLockHolder;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.train.DataSpec;
import dev.rnn.train.ModelSpec;
import dev.rnn.train.OptimSpec;
import dev.rnn.train.RunConfig;
import dev.rnn.train.Schedule;
import dev.rnn.checkpoint.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStatusTest {
    @TempDir
    Path dir;

    /** A training checkpoint's metadata, as TrainingSession writes it, with these limits and progress. */
    private void checkpoint(long maxSteps, long maxTime, int epochs, long step, int epoch, double elapsed) throws Exception {
        Schedule schedule = new Schedule(0.002f, 0.97f, 10, 5f, 0f, epochs, maxSteps, maxTime, 500, 100, 200, 1);
        RunConfig config = new RunConfig(ModelSpec.DEFAULT, new DataSpec(java.util.List.of("corpus.txt"), 0.1, 0, 32, 64, 0, 0, dev.rnn.data.Units.CODEPOINTS, java.util.List.of(), java.util.List.of(), false), OptimSpec.DEFAULT, schedule);
        SafeTensors.write(dir.resolve("last.safetensors"), Map.of("x", Tensor.f32(new int[] {1}, new float[] {1f})),
                Map.of("format_version", Integer.toString(ModelCheckpoint.FORMAT_VERSION), RunConfig.KEY, config.toJson(),
                        "train.step", Long.toString(step), "train.epoch", Integer.toString(epoch),
                        "train.elapsed_seconds", Double.toString(elapsed)));
    }

    @Test
    void withoutAnythingItIsNoMetricsAndWithRowsAloneFailed() throws Exception {
        assertEquals(RunStatus.NO_METRICS, RunStatus.of(dir, false));
        assertEquals(RunStatus.FAILED, RunStatus.of(dir, true), "rows but no checkpoint: it stopped before its first one");
    }

    @Test
    void theSweepsMarkersSayHowTheLastAttemptEnded() throws Exception {
        Path status = dir.resolve(RunStatus.STATUS_MARKER);
        Map<String, RunStatus> expected = Map.of("0", RunStatus.FINISHED, "1", RunStatus.FAILED, "2", RunStatus.FAILED,
                "130", RunStatus.INTERRUPTED, "143", RunStatus.INTERRUPTED);
        for (var e : expected.entrySet()) {
            Files.writeString(status, e.getKey() + "\n");
            assertEquals(e.getValue(), RunStatus.of(dir, true), ".status " + e.getKey());
        }
        Files.writeString(status, "1\n");
        Files.createFile(dir.resolve(RunStatus.DONE_MARKER));
        assertEquals(RunStatus.FINISHED, RunStatus.of(dir, true), ".done wins over an older attempt's status");
    }

    @Test
    void aMalformedStatusMarkerIsAnErrorNamingIt() throws Exception {
        Files.writeString(dir.resolve(RunStatus.STATUS_MARKER), "ok\n");
        MetricsException e = assertThrows(MetricsException.class, () -> RunStatus.of(dir, true));
        assertTrue(e.getMessage().contains(".status holds 'ok'"), e.getMessage());
    }

    @Test
    void aCheckpointAtItsLimitsIsFinishedOtherwiseInterrupted() throws Exception {
        checkpoint(100, 0, 50, 100, 0, 12.0);
        assertEquals(RunStatus.FINISHED, RunStatus.of(dir, true), "step 100 of --max-steps 100");
        checkpoint(100, 0, 50, 60, 0, 12.0);
        assertEquals(RunStatus.INTERRUPTED, RunStatus.of(dir, true), "step 60 of --max-steps 100");
        checkpoint(0, 60, 50, 60, 0, 60.3);
        assertEquals(RunStatus.FINISHED, RunStatus.of(dir, true), "60.3 s of --max-time 60");
        checkpoint(0, 60, 50, 60, 0, 59.0);
        assertEquals(RunStatus.INTERRUPTED, RunStatus.of(dir, true), "59 s of --max-time 60");
        checkpoint(0, 0, 3, 60, 3, 59.0);
        assertEquals(RunStatus.FINISHED, RunStatus.of(dir, true), "the end of epoch 3 of --epochs 3");
    }

    @Test
    void aCheckpointWithoutLimitsIsStoppedAndACorruptOneFailed() throws Exception {
        SafeTensors.write(dir.resolve("last.safetensors"), Map.of("x", Tensor.f32(new int[] {1}, new float[] {1f})),
                Map.of("cell", "lstm"));
        assertEquals(RunStatus.STOPPED, RunStatus.of(dir, true), "a model-only checkpoint tells no limits");
        Files.write(dir.resolve("last.safetensors"), new byte[] {1, 2, 3});
        assertEquals(RunStatus.FAILED, RunStatus.of(dir, true), "a checkpoint that cannot be read cannot be resumed");
    }

    @Test
    void aRunWhoseLockAnotherProcessHoldsIsRunning() throws Exception {
        checkpoint(100, 0, 50, 60, 0, 12.0);
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunLockHolder.class.getName(), dir.toString()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            assertEquals(RunStatus.RUNNING, RunStatus.of(dir, true));
            Files.createFile(dir.resolve(RunStatus.DONE_MARKER));
            assertEquals(RunStatus.RUNNING, RunStatus.of(dir, true), "a stale .done while a resumed run trains");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertTrue(Files.exists(dir.resolve(".lock")), "the lock file stays after its process ends");
        assertEquals(RunStatus.FINISHED, RunStatus.of(dir, true), "the lock is free again: .done decides");
    }
}
