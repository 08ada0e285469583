package dev.rnn.train;

import dev.rnn.math.Rng;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.RnnState;
import dev.rnn.optim.Optimizer;
import dev.rnn.sample.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Times the trainer's {@link TrainStep} with {@code rnn train}'s default schedule (clipping at
 * norm 5, no clipping by value, Adam at 2e-3) after a warm-up, then sampling at batch 1.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /** The figures of one benchmark run. */
    public record Result(double trainCharsPerSec, double msPerStep, double gflops, double sampleCharsPerSec,
                         double flopsPerChar, long peakHeapBytes, double finalLoss) {
    }

    /**
     * FLOPs of one training character: 3 × the forward pass's Σ over layers 2·(D + H)·G·H (D = 0
     * for layer 0, whose one-hot product is a gather) + 2·H·V for the decoder.
     */
    public static double trainFlopsPerChar(ModelConfig c) {
        double g = c.gateRows();
        double forward = 2.0 * c.hidden() * c.vocabSize();
        for (int l = 0; l < c.layers(); l++) {
            int d = l == 0 ? 0 : c.hidden();
            forward += 2.0 * (d + c.hidden()) * g;
        }
        return 3 * forward;
    }

    private static final long SAMPLE_WARMUP_NANOS = 1_000_000_000L;

    /**
     * @param ids       the text to train on, as ids (at least N·(warmup + steps)·T + 1 long, or it wraps)
     * @param warmup    untimed steps first, at least
     * @param warmupSeconds and at least this long (the JIT compiling the kernels)
     * @param sampleLen characters to sample at batch 1 (0 skips)
     */
    public static Result run(CharRnn model, int[] ids, int n, int t, int warmup, double warmupSeconds, int steps,
                             int sampleLen) {
        long warmupNanos = (long) (warmupSeconds * 1e9);
        Schedule schedule = Schedule.DEFAULT;
        TrainStep step = new TrainStep(model, Optimizer.create(OptimSpec.DEFAULT.optimizer(), model.params()), n, t);
        RnnState state = model.newState(n);
        int[] inputs = new int[n * t];
        int[] targets = new int[n * t];
        Rng dropout = new Rng(1);
        long pos = 0;
        double loss = Double.NaN;
        long start = 0;
        long w0 = System.nanoTime();
        boolean timing = false;
        for (int s = 0, timed = 0; timed < steps; s++) {
            // untimed until both the warm-up steps and seconds have passed: a small
            // model's first seconds run partly interpreted (1x128: 83k chars/s after 5 warm-up steps, 111k after 3 s)
            if (!timing && s >= warmup && System.nanoTime() - w0 >= warmupNanos) {
                timing = true;
                start = System.nanoTime();
            }
            if (timing) {
                timed++;
            }
            for (int i = 0; i < n * t; i++) {
                inputs[i] = ids[(int) ((pos + i) % (ids.length - 1))];
                targets[i] = ids[(int) ((pos + i + 1) % (ids.length - 1))];
            }
            pos += (long) n * t;
            loss = step.run(inputs, targets, state, dropout, schedule.lr(), schedule.clip(), schedule.clipValue(),
                    TrainStep.DivergenceCheck.NONE).loss();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double charsPerSec = (double) n * t * steps / seconds;
        double flops = trainFlopsPerChar(model.config());

        double sampleRate = Double.NaN;
        if (sampleLen > 0) {
            Sampler sampler = new Sampler(model, 1f, 0, new Rng(2));
            sampler.warmUp(new int[] {ids[0]});
            // warm-up of the batch-1 path until the JIT has compiled it: at least 200 characters
            // and one second (fewer left the larger models' GEMV interpreted: 800 vs 2300 chars/s)
            long s0 = System.nanoTime();
            for (int i = 0; i < 200 || System.nanoTime() - s0 < SAMPLE_WARMUP_NANOS; i++) {
                sampler.next();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < sampleLen; i++) {
                sampler.next();
            }
            sampleRate = sampleLen / ((System.nanoTime() - t0) / 1e9);
        }
        return new Result(charsPerSec, 1000 * seconds / steps, charsPerSec * flops / 1e9, sampleRate, flops,
                peakHeap(), loss);
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
