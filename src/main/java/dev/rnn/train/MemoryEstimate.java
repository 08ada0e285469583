package dev.rnn.train;

import dev.rnn.model.CellType;
import dev.rnn.model.ModelConfig;
import dev.rnn.optim.OptimizerType;
import java.util.Locale;

/**
 * Roughly how much memory training a model takes, known before anything is allocated: the
 * parameters, their gradients and the optimizer's state, a packed copy of each W_hh, the
 * workspace of a step over N×T characters and validation's over 32×128; and the largest single matrix, which a Java array
 * (at most 2^31-1 floats) must hold.
 *
 * @param bytes          the estimate, in bytes
 * @param largestFloats  the elements of the largest single matrix
 */
public record MemoryEstimate(ModelConfig config, OptimizerType optimizer, int n, int t, long bytes,
                             long largestFloats) {

    /** The estimate for training {@code config} with {@code optimizer} on N×T chunks. */
    public static MemoryEstimate of(ModelConfig config, OptimizerType optimizer, int n, int t) {
        // in double: G·H overflows an int (ModelConfig.gateRows) for H > 2^29
        double h = config.hidden();
        double g = (double) config.cell().gates() * h;
        double v = config.vocabSize();
        double l = config.layers();
        double rows = (double) n * t;
        double validationRows = (double) Evaluator.VALIDATION_STREAMS * Evaluator.CHUNK;
        double params = parameters(config);
        double stateSlots = optimizer == OptimizerType.ADAM ? 2 : 1;
        double floats = params * (2 + stateSlots)  // values, gradients, optimizer state
                + l * g * h                          // W_hh packed for the recurrent products
                + workspace(config, rows, n)          // the training step's
                + workspace(config, validationRows, Evaluator.VALIDATION_STREAMS) // validation's, kept beside it
                + (config.weightDrop() > 0 ? 3 * l * g * h : 0);       // weight drop: W_hh ⊙ M, M, dL/d(W_hh ⊙ M)
        double largest = Math.max(Math.max(g * Math.max(v, h), v * h), Math.max(rows, validationRows) * Math.max(g, v));
        return new MemoryEstimate(config, optimizer, n, t, (long) Math.min(4 * floats, Long.MAX_VALUE),
                (long) Math.min(largest, Long.MAX_VALUE));
    }

    /** The floats of a workspace over {@code rows} = streams × steps characters. */
    private static double workspace(ModelConfig config, double rows, int streams) {
        double h = config.hidden();
        double g = (double) config.cell().gates() * h;
        double l = config.layers();
        return l * rows * (2 * g + 4 * h)                 // gates and their gradients, h, c, dh, dropout mask: (rows, ·)
                + 2 * rows * config.vocabSize()           // logits and their gradient: (rows, V)
                + 4 * l * streams * h                     // the streams' states
                + (config.layerNorm() ? l * rows * (3 * g + 3 * h) : 0); // layer norm: x̂, r̂, dL/d(W_hh·h); ĉ, its gradient
    }

    /** The parameter count, as {@link ModelConfig#parameterCount} but without int overflow. */
    static double parameters(ModelConfig c) {
        double h = c.hidden();
        double g = (double) c.cell().gates() * h;
        double total = 0;
        for (int l = 0; l < c.layers(); l++) {
            total += g * (l == 0 ? c.vocabSize() : h) + g * h + 2 * g;
            if (c.layerNorm()) {
                total += 2 * g + (c.cell() == CellType.LSTM ? 2 * h : 0);
            }
        }
        return total + c.vocabSize() * h + c.vocabSize();
    }

    /**
     * Refuses, with one line saying what it needs and what to do, a model that would not fit in
     * a heap of {@code heapBytes} or whose largest matrix no Java array can hold.
     */
    public void requireFits(long heapBytes) {
        String what = (config.cell() == CellType.GRU ? "a " : "an ") + config.describe() + " model";
        if (bytes > heapBytes) {
            throw new IllegalArgumentException(what + " needs about " + size(bytes) + " (" + count(parameters(config))
                    + " parameters with their gradients and " + optimizer.id() + " state, the workspace for batch "
                    + n + " x " + t + " steps and validation's); the heap allows " + size(heapBytes) + ": use a smaller --hidden,"
                    + " or give Java more memory with RNN_JAVA_OPTS=-Xmx" + gigabytesFor(bytes) + "g");
        }
        if (largestFloats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " with batch " + n + " x " + t + " steps needs a matrix of "
                    + largestFloats + " floats, more than a Java array holds (" + Integer.MAX_VALUE
                    + "): use a smaller --hidden, --batch or --seq-len");
        }
    }

    /** A size in decimal units: 512.0 MB, 6.0 GB, 1.9 TB. */
    static String size(long bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB", "PB", "EB"};
        double x = bytes;
        int u = 0;
        while (x >= 1000 && u < units.length - 1) {
            x /= 1000;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", x, units[u]);
    }

    private static String count(double n) {
        return n >= 1e9 ? String.format(Locale.ROOT, "%.1f G", n / 1e9)
                : n >= 1e6 ? String.format(Locale.ROOT, "%.1f M", n / 1e6) : String.format(Locale.ROOT, "%.0f", n);
    }

    /** The -Xmx, in GiB, that leaves a quarter more than the estimate. */
    private static long gigabytesFor(long bytes) {
        return (long) Math.ceil(bytes * 1.25 / (1L << 30));
    }
}
