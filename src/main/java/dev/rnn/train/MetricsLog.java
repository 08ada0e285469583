package dev.rnn.train;

import dev.rnn.report.MetricsCsv;
import dev.rnn.report.MetricsRow;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends the rows of {@code metrics.csv} in the run directory, one per logged step, in the
 * format {@link MetricsRow} defines. On resume it first drops the rows past the checkpoint's step
 * (written after the last checkpoint by a run that then died) and a torn last line, so no step
 * appears twice.
 */
public final class MetricsLog implements AutoCloseable {
    /** The file name inside a run directory. */
    public static final String FILE = MetricsRow.FILE;

    private final BufferedWriter out;

    /**
     * Opens the log, keeping only rows with step ≤ {@code keepThrough} (0 for a new run). A row
     * that cannot be read (not a torn line) is an error naming its line.
     */
    public static MetricsLog open(Path dir, long keepThrough) throws IOException {
        Path file = dir.resolve(FILE);
        List<String> kept = new ArrayList<>();
        kept.add(MetricsRow.HEADER);
        if (keepThrough > 0 && Files.exists(file)) {
            for (MetricsRow row : MetricsCsv.readRows(file).rows()) {
                if (row.step() <= keepThrough) {
                    kept.add(row.toCsv());
                }
            }
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    private MetricsLog(BufferedWriter out) {
        this.out = out;
    }

    /** Appends a row and flushes it; a NaN validation loss leaves both validation cells empty. */
    public void write(long step, double epoch, double trainLoss, double valLoss, double lr, double gradNorm,
                      double charsPerSec, double elapsedSeconds) {
        write(MetricsRow.logged(step, epoch, trainLoss, valLoss, lr, gradNorm, charsPerSec, elapsedSeconds));
    }

    /** {@link #write(long, double, double, double, double, double, double, double)} of a step whose validation scored {@code valChars}. */
    public void write(long step, double epoch, double trainLoss, Evaluator.Score val, double lr, double gradNorm,
                      double charsPerSec, double elapsedSeconds) {
        write(MetricsRow.logged(step, epoch, trainLoss, val == null ? Double.NaN : val.natsPerChar(), lr, gradNorm,
                charsPerSec, elapsedSeconds, val == null || Double.isNaN(val.natsPerChar()) ? Double.NaN : val.chars()));
    }

    /** Appends a row and flushes it. */
    public void write(MetricsRow row) {
        try {
            out.write(row.toCsv());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + FILE, e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
