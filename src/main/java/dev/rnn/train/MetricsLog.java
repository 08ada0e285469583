package dev.rnn.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv} in the run directory: one row per logged step. On resume it drops the rows
 * past the checkpoint's step (they were written after the last checkpoint by a run that then
 * died), so no step appears twice.
 */
public final class MetricsLog implements AutoCloseable {
    public static final String FILE = "metrics.csv";
    public static final String HEADER =
            "step,epoch,train_loss,val_loss,val_bpc,lr,grad_norm,chars_per_sec,elapsed_s";

    private static final int COLUMNS = HEADER.split(",").length;

    private final BufferedWriter out;

    /** Opens the log, keeping only rows with step ≤ {@code keepThrough} (0 for a new run). */
    public static MetricsLog open(Path dir, long keepThrough) throws IOException {
        Path file = dir.resolve(FILE);
        List<String> kept = new ArrayList<>();
        kept.add(HEADER);
        if (keepThrough > 0 && Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("step")) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (line.split(",", -1).length != COLUMNS) {
                    continue; // a torn last line from a killed run
                }
                try {
                    if (comma > 0 && Long.parseLong(line.substring(0, comma)) <= keepThrough) {
                        kept.add(line);
                    }
                } catch (NumberFormatException e) {
                    // a torn last line from a killed run: drop it
                }
            }
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Appends a row; NaN validation fields are left empty. */
    public void write(long step, double epoch, double trainLoss, double valLoss, double lr, double gradNorm,
                      double charsPerSec, double elapsed) {
        String val = Double.isNaN(valLoss) ? "," : fmt(valLoss) + "," + fmt(valLoss / Math.log(2));
        try {
            out.write(step + "," + String.format(Locale.ROOT, "%.4f", epoch) + "," + fmt(trainLoss) + "," + val + ","
                    + String.format(Locale.ROOT, "%.6g", lr) + "," + fmt(gradNorm) + ","
                    + String.format(Locale.ROOT, "%.0f", charsPerSec) + "," + String.format(Locale.ROOT, "%.2f", elapsed));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE, e);
        }
    }

    private static String fmt(double x) {
        return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.6f", x);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
