package dev.rnn.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One row of a run's {@code metrics.csv}, and the file's format: its column names, how
 * {@code dev.rnn.train.MetricsLog} writes a row ({@link #toCsv}) and how {@link MetricsCsv} reads
 * one back ({@link Layout#parse}). Empty cells are NaN: the validation columns outside evaluation
 * steps, and the training columns of the extra evaluation row written at the end.
 *
 * @param step           optimizer steps so far
 * @param epoch          position in the training data, in epochs
 * @param trainLoss      mean cross-entropy of this step's batch, nats/char
 * @param valLoss        validation cross-entropy, nats/char
 * @param valBpc         the same in bits/char
 * @param lr             learning rate of this step
 * @param gradNorm       global L2 norm of the gradient before clipping
 * @param charsPerSec    training throughput of this step (0 on the end-of-run evaluation row)
 * @param elapsedSeconds training time of the run so far, summed over its --resume sessions
 * @param valChars       the characters (bytes, for a byte model) the validation scored; NaN when it did not
 *                       run, or in a file written before the column was added
 */
public record MetricsRow(long step, double epoch, double trainLoss, double valLoss, double valBpc, double lr,
                         double gradNorm, double charsPerSec, double elapsedSeconds, double valChars) {
    /** The file name inside a run directory. */
    public static final String FILE = "metrics.csv";
    /** The columns, in the order they are written; readers find them by name. */
    public static final List<String> COLUMNS = List.of(
            "step", "epoch", "train_loss", "val_loss", "val_bpc", "lr", "grad_norm", "chars_per_sec", "elapsed_s",
            "val_chars");
    /** The columns a file may lack: it was written before they were added. */
    private static final List<String> OPTIONAL = List.of("val_chars");
    /** The first line of the file. */
    public static final String HEADER = String.join(",", COLUMNS);

    /** A row without the number of validation characters (a file from before the column). */
    public MetricsRow(long step, double epoch, double trainLoss, double valLoss, double valBpc, double lr,
                      double gradNorm, double charsPerSec, double elapsedSeconds) {
        this(step, epoch, trainLoss, valLoss, valBpc, lr, gradNorm, charsPerSec, elapsedSeconds, Double.NaN);
    }

    /** A row as the trainer logs it: {@code valBpc} is {@code valLoss} in bits. */
    public static MetricsRow logged(long step, double epoch, double trainLoss, double valLoss, double lr,
                                    double gradNorm, double charsPerSec, double elapsedSeconds, double valChars) {
        return new MetricsRow(step, epoch, trainLoss, valLoss, valLoss / Math.log(2), lr, gradNorm, charsPerSec,
                elapsedSeconds, valChars);
    }

    /** {@link #logged(long, double, double, double, double, double, double, double, double)} without validation characters. */
    public static MetricsRow logged(long step, double epoch, double trainLoss, double valLoss, double lr,
                                    double gradNorm, double charsPerSec, double elapsedSeconds) {
        return logged(step, epoch, trainLoss, valLoss, lr, gradNorm, charsPerSec, elapsedSeconds, Double.NaN);
    }

    /** The row as a line of metrics.csv (no line end), in {@link #COLUMNS} order; NaN is an empty cell. */
    public String toCsv() {
        return step + "," + cell("%.4f", epoch) + "," + cell("%.6f", trainLoss) + "," + cell("%.6f", valLoss) + ","
                + cell("%.6f", valBpc) + "," + cell("%.6g", lr) + "," + cell("%.6f", gradNorm) + ","
                + cell("%.0f", charsPerSec) + "," + cell("%.2f", elapsedSeconds) + "," + cell("%.0f", valChars);
    }

    private static String cell(String format, double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, format, x);
    }

    /**
     * Where each of {@link #COLUMNS} sits in a file's header, so that a file with its columns in
     * another order, or with extra ones, still reads.
     */
    public static final class Layout {
        private final Path file;
        private final int cells;
        private final int[] index; // index[c]: the cell of COLUMNS.get(c)

        private Layout(Path file, int cells, int[] index) {
            this.file = file;
            this.cells = cells;
            this.index = index;
        }

        /** The layout of a header line; {@code file} only names it in messages. */
        public static Layout of(String header, Path file) throws MetricsException {
            List<String> names = Arrays.asList(header.split(",", -1));
            int[] index = new int[COLUMNS.size()];
            for (int c = 0; c < index.length; c++) {
                index[c] = names.indexOf(COLUMNS.get(c));
                if (index[c] < 0 && !OPTIONAL.contains(COLUMNS.get(c))) {
                    throw new MetricsException(file + ": the header '" + header + "' has no column " + COLUMNS.get(c)
                            + "; is it a metrics.csv written by rnn train?");
                }
            }
            return new Layout(file, names.size(), index);
        }

        /**
         * Parses a data line ({@code lineNumber} counts from 1 and names it in messages), or
         * returns null for a line with fewer cells than the header: the torn last line of a run
         * killed while writing it.
         */
        public MetricsRow parse(String line, int lineNumber) throws MetricsException {
            String[] c = line.split(",", -1);
            if (c.length < cells) {
                return null;
            }
            if (c.length > cells) {
                throw new MetricsException(file + " line " + lineNumber + " has " + c.length + " cells, the header "
                        + cells + ": '" + line + "'");
            }
            double[] v = new double[index.length];
            for (int k = 0; k < index.length; k++) {
                v[k] = index[k] < 0 ? Double.NaN : number(c[index[k]], lineNumber, COLUMNS.get(k));
            }
            if (Double.isNaN(v[0]) || v[0] != Math.rint(v[0]) || v[0] < 0) {
                throw new MetricsException(file + " line " + lineNumber + ": step is '" + c[index[0]]
                        + "', expected a whole number");
            }
            return new MetricsRow((long) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        }

        /** A cell as a number; an empty cell is NaN. */
        private double number(String cell, int lineNumber, String column) throws MetricsException {
            if (cell.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                throw new MetricsException(file + " line " + lineNumber + ": " + column + " is '" + cell
                        + "', not a number", e);
            }
        }
    }
}
