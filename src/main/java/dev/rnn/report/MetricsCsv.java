package dev.rnn.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code metrics.csv} that {@code dev.rnn.train.MetricsLog} writes into a run directory,
 * in the format {@link MetricsRow} defines. Columns are found by their header names, so added
 * columns do not break old readers. A row with fewer cells than the header is the torn line of a
 * killed run and is skipped (and counted); any other malformed cell is an error naming the line.
 */
public final class MetricsCsv {
    /** The file name inside a run directory. */
    public static final String FILE = MetricsRow.FILE;

    private MetricsCsv() {
    }

    /** The rows of a metrics.csv and how many torn lines were skipped. */
    public record Rows(List<MetricsRow> rows, int incompleteLines) {
        public Rows {
            rows = List.copyOf(rows);
        }
    }

    /**
     * Reads a run: {@code path} is a run directory holding metrics.csv, or the csv file itself.
     * The run is named after its directory. A file without rows is an error.
     */
    public static RunMetrics readRun(Path path) throws MetricsException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE) : path;
        Path dir = file.toAbsolutePath().normalize().getParent();
        String name = dir == null || dir.getFileName() == null ? file.toString() : dir.getFileName().toString();
        if (!Files.exists(file)) {
            throw new MetricsException(Files.isDirectory(path)
                    ? path + " has no " + FILE + "; is it a run directory (rnn train --out DIR)?"
                    : file + " does not exist");
        }
        return parse(name, file, text(file));
    }

    /** The rows of {@code file}: none for an empty file or a header alone. */
    public static Rows readRows(Path file) throws MetricsException {
        return rows(file, text(file));
    }

    private static String text(Path file) throws MetricsException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MetricsException(file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new MetricsException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new MetricsException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the text of a metrics.csv; {@code file} only names it in messages. */
    static RunMetrics parse(String name, Path file, String text) throws MetricsException {
        if (text.isBlank()) {
            throw new MetricsException(file + " is empty; the run has not logged a step yet");
        }
        Rows read = rows(file, text);
        if (read.rows().isEmpty()) {
            throw new MetricsException(file + " has no rows yet; the run has not logged a step");
        }
        return new RunMetrics(name, file, read.rows(), read.incompleteLines());
    }

    private static Rows rows(Path file, String text) throws MetricsException {
        if (text.isBlank()) {
            return new Rows(List.of(), 0);
        }
        String[] lines = text.split("\r?\n", -1);
        MetricsRow.Layout layout = MetricsRow.Layout.of(lines[0], file);
        List<MetricsRow> rows = new ArrayList<>();
        int incomplete = 0;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue; // the end of the last line
            }
            MetricsRow row = layout.parse(lines[i], i + 1);
            if (row == null) {
                incomplete++;
            } else {
                rows.add(row);
            }
        }
        return new Rows(rows, incomplete);
    }
}
