package dev.rnn.train;

import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.sample.Sampler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training loop, top to bottom: learning rate → next chunk (state reset at an epoch start)
 * → the {@link TrainStep} (forward/backward → clip → divergence check → step) → log → evaluate
 * and checkpoint. Stops at the epoch, step or time limit, or when asked to, and always leaves
 * {@code last.safetensors} behind (unless the loss diverged, when the last good one is kept as
 * it was).
 */
public final class Trainer {
    private final TrainingSession s;
    private final TrainListener listener;
    private final AtomicBoolean stopRequested;

    public Trainer(TrainingSession session, TrainListener listener, AtomicBoolean stopRequested) {
        this.s = session;
        this.listener = listener;
        this.stopRequested = stopRequested;
    }

    /** Trains until a limit or a stop request; returns why it stopped. */
    public StopReason run() throws CheckpointException, IOException {
        Schedule schedule = s.config.schedule();
        CharRnn model = s.model;
        int n = s.config.data().batch();
        int t = s.config.data().seqLen();
        TrainStep trainStep = new TrainStep(model, s.optimizer, n, t);
        int[] inputs = new int[n * t];
        int[] targets = new int[n * t];
        Evaluator evaluator = new Evaluator(model, Evaluator.VALIDATION_STREAMS, Evaluator.CHUNK);
        long plannedSteps = plannedSteps(schedule);
        long startNanos = System.nanoTime();
        long lastNanos = startNanos;
        boolean evaluatedAtStep = false;
        long firstStep = s.step;

        try (MetricsLog metrics = MetricsLog.open(s.dir, s.step)) {
            StopReason reason = limitReached(schedule, elapsed(startNanos));
            while (reason == null) {
                int epoch = s.batches.epoch();
                fixHorizon(schedule, plannedSteps, elapsed(startNanos), firstStep);
                float lr = s.config.optim().learningRate(schedule, s.step, epoch, s.lrHorizon);
                if (s.batches.atEpochStart()) {
                    s.streams.zero(); // each stream restarts at its beginning
                }
                s.batches.next(inputs, targets);
                TrainStep.Outcome out = trainStep.run(inputs, targets, s.streams, s.dropoutRng, lr, schedule.clip(),
                        schedule.clipValue(), (loss, norm) -> {
                            if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                                throw diverged(loss, norm, epoch);
                            }
                        });
                double loss = out.loss();
                double norm = out.norm();
                s.step++;
                evaluatedAtStep = false;

                long now = System.nanoTime();
                double charsPerSec = (double) n * t / ((now - lastNanos) / 1e9);
                lastNanos = now;
                double elapsed = elapsed(startNanos);
                double epochPos = s.batches.epoch() + (double) s.batches.chunk() / s.batches.chunksPerEpoch();
                listener.onStep(new TrainListener.StepReport(s.step,
                        expectedLastStep(schedule, plannedSteps, elapsed, firstStep), s.batches.epoch(),
                        epochPos, loss, lr, norm, charsPerSec, elapsed, schedule.maxTimeSeconds()));
                Evaluator.Score val = null;
                if (s.step % schedule.evalEvery() == 0) {
                    val = evaluate(evaluator, elapsed);
                    evaluatedAtStep = true;
                }
                metrics.write(s.step, epochPos, loss, val, lr, norm, charsPerSec, s.elapsedBefore + elapsed);
                if (s.step % schedule.checkpointEvery() == 0) {
                    saveLast(elapsed);
                }
                reason = limitReached(schedule, elapsed);
            }
            double elapsed = elapsed(startNanos);
            if (!evaluatedAtStep && s.step > firstStep && reason != StopReason.INTERRUPTED) {
                Evaluator.Score val = evaluate(evaluator, elapsed);
                metrics.write(s.step, s.batches.epoch() + (double) s.batches.chunk() / s.batches.chunksPerEpoch(),
                        Double.NaN, val, s.config.optim().learningRate(schedule, s.step, s.batches.epoch(), s.lrHorizon),
                        Double.NaN, 0, s.elapsedBefore + elapsed);
            }
            saveLast(elapsed);
            return reason;
        }
    }

    private DivergedException diverged(double loss, double norm, int epoch) {
        Schedule schedule = s.config.schedule();
        Path last = s.dir.resolve(TrainingSession.LAST);
        String what = Double.isFinite(loss) ? "the gradient norm became " + norm : "the training loss became " + loss;
        String kept = java.nio.file.Files.exists(last)
                ? "the last good checkpoint " + last + " is kept as it was"
                : "no checkpoint had been written yet";
        String fix = "lower --lr (now " + schedule.lr() + ")"
                + (schedule.clip() > 0 ? " or --clip (now " + schedule.clip() + ")" : " or set --clip 5");
        return new DivergedException(what + " at step " + (s.step + 1) + " (epoch " + (epoch + 1) + "); " + kept + ". "
                + "To continue, " + fix + (java.nio.file.Files.exists(last) ? " and --resume " + s.dir : " and start again"));
    }

    private Evaluator.Score evaluate(Evaluator evaluator, double elapsed) throws CheckpointException {
        long start = System.nanoTime();
        Evaluator.Score score = evaluator.score(s.split.validation(), s.split.validationUnknown());
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean best = Double.isNaN(s.bestValLoss) || score.natsPerChar() < s.bestValLoss;
        if (best) {
            s.bestValLoss = score.natsPerChar();
            s.bestValStep = s.step;
            save(s.dir.resolve(TrainingSession.BEST), elapsed);
        }
        listener.onEval(s.step, score, seconds, best, sample());
        return score;
    }

    /** A short sample from the current model, seeded by the step so it never touches training randomness. */
    private String sample() {
        int len = s.config.schedule().sampleLen();
        if (len == 0) {
            return "";
        }
        Sampler sampler = new Sampler(s.model, 1f, 0, Rng.derive(s.config.optim().randomSeed() ^ s.step, "sample"));
        int newline = s.vocab.id('\n');
        sampler.warmUp(new int[] {newline >= 0 ? newline : 0});
        StringBuilder sb = new StringBuilder();
        dev.rnn.data.TextDecoder decoder = s.vocab.newDecoder();
        for (int i = 0; i < len; i++) {
            decoder.append(sampler.next(), sb);
        }
        return sb.toString();
    }

    private void saveLast(double elapsed) throws CheckpointException {
        save(s.dir.resolve(TrainingSession.LAST), elapsed);
    }

    private void save(Path file, double elapsed) throws CheckpointException {
        ModelCheckpoint.save(file, s.model, s.vocab, s.metadata(s.elapsedBefore + elapsed), s.optimizer, s.streams);
        listener.onCheckpoint(file);
    }

    private StopReason limitReached(Schedule schedule, double elapsed) {
        if (stopRequested.get()) {
            return StopReason.INTERRUPTED;
        }
        return schedule.limitReached(s.step, s.elapsedBefore + elapsed, s.batches.epoch());
    }

    /**
     * Steps of a --max-time run left out of its speed probe: their time is mostly the JIT's (timed
     * with them, a 10-minute LSTM 2x256 run fixed its horizon at ~4,200 steps of its 8,944).
     */
    static final int HORIZON_SKIP_STEPS = 20;
    /** Steps after which a --max-time run fixes a cosine's horizon: the skipped ones, then 100 timed. */
    static final int HORIZON_PROBE_STEPS = HORIZON_SKIP_STEPS + 100;

    /** The run's training time when the speed probe started (after the skipped steps); NaN before. */
    private double probeStart = Double.NaN;

    /**
     * Fixes a cosine's horizon once, at the run's start, and never again (it is saved): the steps
     * --max-steps or --epochs allow, or under --max-time alone the steps the time left allows at
     * the speed of the steps after the first {@link #HORIZON_SKIP_STEPS} up to
     * {@link #HORIZON_PROBE_STEPS} (the learning rate holds --lr until then).
     */
    private void fixHorizon(Schedule schedule, long plannedSteps, double elapsed, long firstStep) {
        if (s.lrHorizon > 0 || s.config.optim().lrSchedule() != LrSchedule.COSINE) {
            return;
        }
        if (schedule.maxTimeSeconds() == 0 || schedule.maxSteps() > 0) {
            s.lrHorizon = plannedSteps;
        } else if (s.step - firstStep == HORIZON_SKIP_STEPS) {
            probeStart = elapsed;
        } else if (s.step - firstStep >= HORIZON_PROBE_STEPS) {
            double perStep = (elapsed - probeStart) / (HORIZON_PROBE_STEPS - HORIZON_SKIP_STEPS);
            double left = Math.max(0, schedule.maxTimeSeconds() - (s.elapsedBefore + elapsed));
            long byTime = s.step + (long) (left / perStep);
            s.lrHorizon = Math.max(s.step + 1, plannedSteps > 0 ? Math.min(plannedSteps, byTime) : byTime);
        }
    }

    /** The steps --max-steps and --epochs allow (the fewer); 0 when neither limits the run. */
    private long plannedSteps(Schedule schedule) {
        long byEpochs = schedule.epochs() > 0 ? (long) schedule.epochs() * s.batches.chunksPerEpoch() : Long.MAX_VALUE;
        long planned = schedule.maxSteps() > 0 ? Math.min(schedule.maxSteps(), byEpochs) : byEpochs;
        return planned == Long.MAX_VALUE ? 0 : planned;
    }

    /**
     * The step the run will stop at, for the progress bar: its planned steps, or under --max-time
     * the step the time left allows at this session's pace if that comes first; 0 when unknown.
     */
    private long expectedLastStep(Schedule schedule, long plannedSteps, double elapsed, long firstStep) {
        long done = s.step - firstStep;
        if (schedule.maxTimeSeconds() == 0 || done == 0 || elapsed <= 0) {
            return plannedSteps;
        }
        double left = Math.max(0, schedule.maxTimeSeconds() - (s.elapsedBefore + elapsed));
        long byTime = s.step + (long) (left * done / elapsed);
        return plannedSteps > 0 ? Math.min(plannedSteps, byTime) : byTime;
    }

    private double elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
