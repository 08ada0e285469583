package dev.rnn.report;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the {@code metrics.csv} that {@code dev.rnn.train.MetricsLog} writes into a run directory.
 * Columns are found by their header names, so added columns do not break old readers. A row with
 * fewer cells than the header is the torn line of a killed run and is skipped (and counted); any
 * other malformed cell is an error naming the line.
 */
public final class MetricsCsv {
    /** The file name inside a run directory (the same as {@code MetricsLog.FILE}). */
    public static final String FILE = "metrics.csv";

    private static final String[] COLUMNS = {
        "step", "epoch", "train_loss", "val_loss", "val_bpc", "lr", "grad_norm", "chars_per_sec", "elapsed_s"};

    private MetricsCsv() {
    }

    /**
     * Reads a run: {@code path} is a run directory holding metrics.csv, or the csv file itself.
     * The run is named after its directory.
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MetricsException(file + " does not exist", e);
        } catch (CharacterCodingException e) {
            throw new MetricsException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new MetricsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(name, file, text);
    }

    /** Parses the text of a metrics.csv; {@code file} only names it in messages. */
    static RunMetrics parse(String name, Path file, String text) throws MetricsException {
        String[] lines = text.split("\r?\n", -1);
        if (text.isBlank()) {
            throw new MetricsException(file + " is empty; the run has not logged a step yet");
        }
        String[] header = lines[0].split(",", -1);
        int[] col = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            col[c] = Arrays.asList(header).indexOf(COLUMNS[c]);
            if (col[c] < 0) {
                throw new MetricsException(file + ": the header '" + lines[0] + "' has no column " + COLUMNS[c]
                        + "; is it a metrics.csv written by rnn train?");
            }
        }
        List<MetricsRow> rows = new ArrayList<>();
        int incomplete = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue; // the end of the last line
            }
            String[] cells = line.split(",", -1);
            if (cells.length < header.length) {
                incomplete++;
                continue;
            }
            if (cells.length > header.length) {
                throw new MetricsException(file + " line " + (i + 1) + " has " + cells.length + " cells, the header "
                        + header.length + ": '" + line + "'");
            }
            double[] v = new double[COLUMNS.length];
            for (int c = 0; c < COLUMNS.length; c++) {
                v[c] = number(cells[col[c]], file, i + 1, COLUMNS[c]);
            }
            if (Double.isNaN(v[0]) || v[0] != Math.rint(v[0]) || v[0] < 0) {
                throw new MetricsException(file + " line " + (i + 1) + ": step is '" + cells[col[0]]
                        + "', expected a whole number");
            }
            rows.add(new MetricsRow((long) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]));
        }
        if (rows.isEmpty()) {
            throw new MetricsException(file + " has no rows yet; the run has not logged a step");
        }
        return new RunMetrics(name, file, rows, incomplete);
    }

    /** A cell as a number; an empty cell is NaN. */
    private static double number(String cell, Path file, int line, String column) throws MetricsException {
        if (cell.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new MetricsException(file + " line " + line + ": " + column + " is '" + cell + "', not a number", e);
        }
    }
}
