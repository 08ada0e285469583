package dev.rnn.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run directory in a line: what {@code rnn runs} prints and a sweep's results.csv holds.
 *
 * @param dir          the run directory as given
 * @param grid         the sweep's values for this run ({@code .grid}: KEY=VALUE lines), in grid order; empty outside sweeps
 * @param bestValBpc   the lowest validation loss in metrics.csv, bits/char; NaN if none yet
 * @param bestStep     the step of that loss; -1 if none
 * @param lastStep     the last step logged; -1 if none
 * @param trainSeconds training time of the run, all sessions (elapsed_s of the last row); NaN if none
 * @param charsPerSec  the median training speed of the logged steps (one slow step, such as the JIT warming up, would drag a mean); NaN if none
 * @param status       how the run stands
 */
public record RunSummary(Path dir, Map<String, String> grid, double bestValBpc, long bestStep, long lastStep,
                         double trainSeconds, double charsPerSec, RunStatus status) {
    /** Written by sweep.sh into each run directory: the run's grid values, one KEY=VALUE a line. */
    public static final String GRID_FILE = ".grid";

    public RunSummary {
        grid = Collections.unmodifiableMap(new LinkedHashMap<>(grid));
    }

    /** Reads the run in {@code dir}: its metrics.csv (if any), its grid values and its status. */
    public static RunSummary read(Path dir) throws MetricsException {
        Path csv = dir.resolve(MetricsRow.FILE);
        List<MetricsRow> rows = Files.exists(csv) ? MetricsCsv.readRows(csv).rows() : List.of();
        RunStatus status = RunStatus.of(dir, !rows.isEmpty());
        return of(dir, readGrid(dir), rows, status);
    }

    /** The summary of {@code rows} (in file order). */
    static RunSummary of(Path dir, Map<String, String> grid, List<MetricsRow> rows, RunStatus status) {
        double best = Double.NaN;
        long bestStep = -1;
        double seconds = Double.NaN;
        double[] speeds = new double[rows.size()];
        int n = 0;
        for (MetricsRow r : rows) {
            if (!Double.isNaN(r.valBpc()) && (Double.isNaN(best) || r.valBpc() < best)) {
                best = r.valBpc();
                bestStep = r.step();
            }
            if (!Double.isNaN(r.elapsedSeconds())) {
                seconds = r.elapsedSeconds();
            }
            if (r.charsPerSec() > 0) { // the end-of-run evaluation row logs 0
                speeds[n++] = r.charsPerSec();
            }
        }
        long lastStep = rows.isEmpty() ? -1 : rows.get(rows.size() - 1).step();
        return new RunSummary(dir, grid, best, bestStep, lastStep, seconds, median(speeds, n), status);
    }

    static double median(double[] values, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Map<String, String> readGrid(Path dir) throws MetricsException {
        Path file = dir.resolve(GRID_FILE);
        Map<String, String> grid = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return grid;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MetricsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int eq = line.indexOf('=');
            if (line.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                throw new MetricsException(file + " line " + (i + 1) + " is '" + line + "', not KEY=VALUE;"
                        + " scripts/sweep.sh writes this file, so fix or delete it");
            }
            grid.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return grid;
    }
}
