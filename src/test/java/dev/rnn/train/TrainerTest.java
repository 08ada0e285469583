package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.checkpoint.SafeTensorsFile;
import dev.rnn.checkpoint.Tensor;
import dev.rnn.model.CellType;
import dev.rnn.model.Nonlinearity;
import dev.rnn.optim.OptimizerType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training loop with a cosine learning rate: its horizon is fixed at the start and saved, so a
 * run stopped at step 20 and resumed to 40 ends with the bits of one run, and metrics.csv logs the
 * rate of every step, warm-up then cosine down to --min-lr.
 */
class TrainerTest {
    private static final int STEPS = 40;

    private static RunConfig config(Path corpus) {
        return new RunConfig(
                new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 16, 2, 0.2f, true, true, 0.2f),
                new DataSpec(java.util.List.of(corpus.toString()), 0.1, 0, 4, 8, 0, 0, dev.rnn.data.Units.CODEPOINTS,
                        java.util.List.of(), java.util.List.of(), false),
                new OptimSpec(OptimizerType.ADAM, 0.9f, 5, LrSchedule.COSINE, 5, 1e-4f),
                new Schedule(0.01f, 1f, 0, 5f, 0f, 50, STEPS, 0, 1000, 1000, 0, 1));
    }

    /** Trains the run in {@code dir} (new or resumed), asking it to stop after step {@code stopAt}. */
    private static void train(TrainingSession s, long stopAt) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        TrainListener listener = new TrainListener() {
            @Override
            public void onStep(StepReport report) {
                if (report.step() == stopAt) {
                    stop.set(true);
                }
            }
        };
        new Trainer(s, listener, stop).run();
    }

    @Test
    void aCosineRunStoppedAndResumedEndsWithTheBitsOfOneRun(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "To be, or not to be, that is the question:\n".repeat(40));
        Path one = Files.createDirectory(dir.resolve("one"));
        train(TrainingSession.create(config(corpus), one, TestBackends.java()), -1);
        Path split = Files.createDirectory(dir.resolve("split"));
        train(TrainingSession.create(config(corpus), split, TestBackends.java()), 20);
        assertEquals("20", SafeTensors.read(split.resolve(TrainingSession.LAST)).metadata().get("train.step"));
        TrainingSession.Saved saved = TrainingSession.open(split);
        train(TrainingSession.resume(saved, saved.config().schedule(), TestBackends.java()), -1);

        SafeTensorsFile a = SafeTensors.read(one.resolve(TrainingSession.LAST));
        SafeTensorsFile b = SafeTensors.read(split.resolve(TrainingSession.LAST));
        assertEquals(Integer.toString(STEPS), b.metadata().get("train.step"));
        assertEquals(Integer.toString(STEPS), a.metadata().get("train.lr_horizon"), "the horizon is --max-steps");
        assertEquals(a.metadata().get("train.lr_horizon"), b.metadata().get("train.lr_horizon"));
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        for (Map.Entry<String, Tensor> e : a.tensors().entrySet()) {
            assertEquals(e.getValue(), b.tensors().get(e.getKey()), e.getKey() + " differs after stop and resume");
        }

        List<String> rows = Files.readAllLines(one.resolve("metrics.csv"));
        int lrColumn = List.of(rows.get(0).split(",")).indexOf("lr");
        OptimSpec o = config(corpus).optim();
        Schedule s = config(corpus).schedule();
        for (String row : rows.subList(1, STEPS + 1)) {
            String[] cells = row.split(",", -1);
            long step = Long.parseLong(cells[0]);
            float expected = o.learningRate(s, step - 1, 0, STEPS);
            // metrics.csv keeps 6 significant digits
            assertEquals(expected, Float.parseFloat(cells[lrColumn]), 1e-5f * expected, "lr logged at step " + step);
        }
        assertEquals(0.002f, Float.parseFloat(rows.get(1).split(",")[lrColumn]), 1e-9f, "warm-up: step 1 of 5");
        float last = Float.parseFloat(rows.get(STEPS).split(",")[lrColumn]);
        assertTrue(last < 2e-4f, "the last step's rate is near --min-lr: " + last);

        // extended on resume, the run keeps its horizon: the rate stays at the floor
        TrainingSession.Saved done = TrainingSession.open(split);
        Schedule longer = new Schedule(0.01f, 1f, 0, 5f, 0f, 50, STEPS + 10, 0, 1000, 1000, 0, 1);
        train(TrainingSession.resume(done, longer, TestBackends.java()), -1);
        assertEquals(Integer.toString(STEPS), SafeTensors.read(split.resolve(TrainingSession.LAST)).metadata()
                .get("train.lr_horizon"), "a resume may not move the horizon");
        List<String> extended = Files.readAllLines(split.resolve("metrics.csv"));
        for (String row : extended.subList(extended.size() - 10, extended.size())) {
            String[] cells = row.split(",", -1);
            if (!cells[2].isEmpty()) { // training rows
                assertEquals(1e-4f, Float.parseFloat(cells[lrColumn]), 1e-9f, "lr past the horizon at step " + cells[0]);
            }
        }
    }

    /** A new cosine run in dir/timed of an hour's --max-time and {@code epochs} (0: no limit), on 120 lines. */
    private static TrainingSession timedSession(Path dir, int epochs) throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "To be, or not to be, that is the question:\n".repeat(120));
        RunConfig base = config(corpus);
        RunConfig timed = new RunConfig(base.model(), base.data(),
                new OptimSpec(OptimizerType.ADAM, 0.9f, 5, LrSchedule.COSINE, 0, 1e-4f),
                new Schedule(0.01f, 1f, 0, 5f, 0f, epochs, 0, 3600, 1000, 1000, 0, 1));
        return TrainingSession.create(timed, Files.createDirectory(dir.resolve("timed")), TestBackends.java());
    }

    /**
     * Under --max-time alone the horizon is unknown at first: the rate holds --lr for the probe
     * steps, then the horizon is fixed from the measured speed (here capped by the one epoch the
     * run may take) and saved, and the rate follows the cosine to it.
     */
    @Test
    void underMaxTimeTheHorizonIsFixedAfterTheProbeSteps(@TempDir Path dir) throws Exception {
        TrainingSession s = timedSession(dir, 1);
        Path run = dir.resolve("timed");
        long epoch = s.batches.chunksPerEpoch();
        assertTrue(epoch > Trainer.HORIZON_PROBE_STEPS + 5, "an epoch of " + epoch + " chunks");
        train(s, -1);
        assertEquals(Long.toString(epoch), SafeTensors.read(run.resolve(TrainingSession.LAST)).metadata().get("train.lr_horizon"));
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        int lrColumn = List.of(rows.get(0).split(",")).indexOf("lr");
        for (String row : rows.subList(1, (int) epoch + 1)) {
            String[] cells = row.split(",", -1);
            long step = Long.parseLong(cells[0]);
            float expected = step <= Trainer.HORIZON_PROBE_STEPS ? 0.01f
                    : s.config.optim().learningRate(s.config.schedule(), step - 1, 0, epoch);
            assertEquals(expected, Float.parseFloat(cells[lrColumn]), 1e-5f * expected, "lr logged at step " + step);
        }
    }

    /**
     * With no epoch limit (a run given --max-time alone) the horizon is the steps the whole budget
     * allows, not the steps run so far, and each step reports the step the time will end the run at.
     */
    @Test
    void withoutAnEpochLimitTheHorizonAndTheProgressComeFromTheTimeBudget(@TempDir Path dir) throws Exception {
        TrainingSession s = timedSession(dir, 0);
        Path run = dir.resolve("timed");
        long epoch = s.batches.chunksPerEpoch();
        long stopAt = Trainer.HORIZON_PROBE_STEPS + 5;
        List<long[]> reports = new java.util.ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        new Trainer(s, new TrainListener() {
            @Override
            public void onStep(StepReport report) {
                reports.add(new long[] {report.step(), report.totalSteps()});
                stop.set(report.step() == stopAt);
            }
        }, stop).run();
        long horizon = Long.parseLong(SafeTensors.read(run.resolve(TrainingSession.LAST)).metadata().get("train.lr_horizon"));
        assertTrue(horizon > 10 * epoch, "an hour at test speed is many epochs: horizon " + horizon + ", epoch " + epoch);
        for (long[] r : reports.subList(1, reports.size())) {
            assertTrue(r[1] > 10 * epoch, "step " + r[0] + " expects to stop at step " + r[1]);
        }
    }
}
