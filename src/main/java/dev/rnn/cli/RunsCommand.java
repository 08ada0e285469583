package dev.rnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rnn.report.RunStatus;
import dev.rnn.report.RunSummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn runs}: one summary row per run directory, best validation loss first. */
@Command(name = "runs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Summarise run directories, best validation loss first.",
                "For each run: its best validation bits/char and that step, the last step, training seconds, median"
                + " chars/s and status (finished, running, interrupted, failed, stopped, no-metrics), read from"
                + " metrics.csv, the run's lock, last.safetensors and the markers scripts/sweep.sh leaves (.done,"
                + " .status, and .grid, whose values become columns)."})
final class RunsCommand implements Callable<Integer> {
    /** The columns after the grid's, in order. */
    static final List<String> COLUMNS = List.of(
            "best_val_bpc", "best_step", "last_step", "train_seconds", "chars_per_sec", "status", "run_dir");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (rnn train --out DIR).")
    List<Path> dirs;
    @Option(names = "--csv", arity = "0..1", fallbackValue = "true", description = "A CSV table (the header, then a row per run; empty cells where there is no value).")
    boolean csv;
    @Option(names = "--json", arity = "0..1", fallbackValue = "true", description = "A JSON array, an object per run (null where there is no value).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (csv && json) {
            throw UserException.usage("--csv and --json both given; choose one");
        }
        List<RunSummary> runs = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.exists(dir)) {
                throw new UserException(dir + " does not exist; give run directories (rnn train --out DIR)", ExitCodes.FAILURE, null);
            }
            if (!Files.isDirectory(dir)) {
                throw new UserException(dir + " is not a directory; give run directories (rnn train --out DIR)", ExitCodes.FAILURE, null);
            }
            runs.add(RunSummary.read(dir));
        }
        // best first, runs without a validation loss last, ties in the order given
        runs.sort(Comparator.comparingDouble((RunSummary r) -> Double.isNaN(r.bestValBpc()) ? Double.POSITIVE_INFINITY : r.bestValBpc()));
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.grid().keySet()));

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                    runs.stream().map(RunsCommand::jsonObject).toList()));
        } else if (csv) {
            List<String> header = new ArrayList<>(keys);
            header.addAll(COLUMNS);
            out.println(String.join(",", header.stream().map(RunsCommand::csvCell).toList()));
            for (RunSummary r : runs) {
                out.println(String.join(",", cells(r, keys, "", true).stream().map(RunsCommand::csvCell).toList()));
            }
        } else {
            List<List<String>> table = new ArrayList<>();
            List<String> header = new ArrayList<>(keys);
            header.addAll(COLUMNS);
            table.add(header);
            for (RunSummary r : runs) {
                table.add(cells(r, keys, "-", false));
            }
            printAligned(out, table);
            out.println(footer(runs));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A run's cells in column order; {@code none} where there is no value. */
    private static List<String> cells(RunSummary r, Set<String> keys, String none, boolean precise) {
        List<String> c = new ArrayList<>();
        for (String k : keys) {
            c.add(r.grid().getOrDefault(k, none));
        }
        c.add(number(r.bestValBpc(), precise ? "%.6f" : "%.4f", none));
        c.add(r.bestStep() < 0 ? none : Long.toString(r.bestStep()));
        c.add(r.lastStep() < 0 ? none : Long.toString(r.lastStep()));
        c.add(number(r.trainSeconds(), "%.1f", none));
        c.add(number(r.charsPerSec(), "%.0f", none));
        c.add(r.status().label());
        c.add(r.dir().toString());
        return c;
    }

    private static Map<String, Object> jsonObject(RunSummary r) {
        Function<Double, Double> value = x -> Double.isNaN(x) ? null : x;
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run_dir", r.dir().toString());
        o.put("grid", r.grid());
        o.put("best_val_bpc", value.apply(r.bestValBpc()));
        o.put("best_step", r.bestStep() < 0 ? null : r.bestStep());
        o.put("last_step", r.lastStep() < 0 ? null : r.lastStep());
        o.put("train_seconds", value.apply(r.trainSeconds()));
        o.put("chars_per_sec", value.apply(r.charsPerSec()));
        o.put("status", r.status().label());
        return o;
    }

    private static String number(double x, String format, String none) {
        return Double.isNaN(x) ? none : String.format(Locale.ROOT, format, x);
    }

    /** RFC 4180: a cell holding a comma, a quote or a line break is quoted, its quotes doubled. */
    static String csvCell(String s) {
        return s.matches("[^,\"\r\n]*") ? s : "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static void printAligned(PrintWriter out, List<List<String>> table) {
        int[] width = new int[table.get(0).size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : table) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** "4 runs: 3 finished, 1 failed". */
    static String footer(List<RunSummary> runs) {
        Map<RunStatus, Integer> count = new EnumMap<>(RunStatus.class);
        runs.forEach(r -> count.merge(r.status(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        count.forEach((status, n) -> parts.add(n + " " + status.label()));
        return runs.size() + " run" + (runs.size() == 1 ? "" : "s") + ": " + String.join(", ", parts);
    }
}
