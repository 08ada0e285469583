package dev.rnn.report;

import java.nio.file.Path;
import java.util.List;

/**
 * The metrics of one run as read from its metrics.csv.
 *
 * @param name            the label for legends: the run directory's name
 * @param file            the metrics.csv read
 * @param rows            its rows in file order
 * @param incompleteLines rows with fewer cells than the header, skipped: the torn last line of a
 *                        run killed while writing (a plain Ctrl-C never leaves one)
 */
public record RunMetrics(String name, Path file, List<MetricsRow> rows, int incompleteLines) {

    public RunMetrics {
        rows = List.copyOf(rows);
    }

    /** True if some row carries a validation loss. */
    public boolean hasValidation() {
        return rows.stream().anyMatch(r -> !Double.isNaN(r.valLoss()));
    }

    /** A copy under another legend label. */
    public RunMetrics named(String newName) {
        return new RunMetrics(newName, file, rows, incompleteLines);
    }
}
