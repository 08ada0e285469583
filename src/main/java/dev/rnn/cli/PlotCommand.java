package dev.rnn.cli;

import dev.rnn.report.LossChart;
import dev.rnn.report.MetricsCsv;
import dev.rnn.report.MetricsException;
import dev.rnn.report.RunMetrics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rnn plot}: training and validation loss against step for one or more runs, as a PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        description = {"Plot training loss (thin lines) and validation loss (lines with markers) against step (or training minutes)"
                + " for one or more runs, read from each run's metrics.csv, as a PNG with a legend named by run directory."})
final class PlotCommand implements Callable<Integer> {
    static final String DEFAULT_FILE = "loss.png";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run directories (each holding metrics.csv), or metrics.csv files.")
    List<Path> runs;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE.png",
            description = "The PNG to write (default: RUN_DIR/" + DEFAULT_FILE + " for one run, ./" + DEFAULT_FILE + " for several).")
    Path output;
    @Option(names = "--val-only", arity = "0..1", fallbackValue = "true", description = "Only the validation curves (e.g. to compare the runs of a sweep).")
    boolean valOnly;
    @Option(names = "--title", paramLabel = "T", description = "The chart title (default: the run's name, or the number of runs).")
    String title;
    @Option(names = "--unit", defaultValue = "nats", description = "The y axis in nats or bits per character.")
    LossChart.Unit unit;
    @Option(names = "--x", defaultValue = "step", paramLabel = "step|minutes",
            description = "What the x axis counts: optimizer steps, or training minutes (to compare runs at a time budget).")
    LossChart.XAxis x;
    @Option(names = "--width", defaultValue = "1000", description = "Image width in pixels.")
    int width;
    @Option(names = "--height", defaultValue = "600", description = "Image height in pixels.")
    int height;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<RunMetrics> read = new ArrayList<>();
        for (Path run : runs) {
            RunMetrics m = MetricsCsv.readRun(run);
            if (m.incompleteLines() > 0) {
                err.println("rnn: warning: " + m.file() + ": skipped " + m.incompleteLines()
                        + " incomplete line(s) (a run killed while writing)");
            }
            if (valOnly && !m.hasValidation()) {
                err.println("rnn: warning: " + m.file() + " has no validation rows yet; left out of the plot");
                continue;
            }
            read.add(m);
        }
        read = distinctNames(read);
        LossChart.Style style;
        try {
            style = new LossChart.Style(title != null ? title : defaultTitle(read), valOnly, unit, x, width, height);
        } catch (IllegalArgumentException e) {
            throw UserException.usage(e.getMessage());
        }
        if (read.isEmpty()) {
            throw new MetricsException("nothing to plot: none of the " + runs.size() + " run(s) has validation rows yet");
        }
        XYChart chart = LossChart.build(read, style);
        Path file = output != null ? output : runs.size() == 1 && Files.isDirectory(runs.get(0))
                ? runs.get(0).resolve(DEFAULT_FILE) : Path.of(DEFAULT_FILE);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UserException("cannot write " + file + ": the directory " + parent + " does not exist",
                    ExitCodes.FAILURE, null);
        }
        LossChart.writePng(chart, file);
        spec.commandLine().getOut().println("wrote " + file);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    private String defaultTitle(List<RunMetrics> read) {
        String what = valOnly ? "validation loss" : "loss";
        return read.size() == 1 ? read.get(0).name() + " " + what : what + " of " + read.size() + " runs";
    }

    /**
     * Legend labels must differ: runs that share a directory name (a/run, b/run) are labelled by
     * their path instead, and a run given twice gets a number.
     */
    private static List<RunMetrics> distinctNames(List<RunMetrics> read) {
        Map<String, Integer> count = new HashMap<>();
        read.forEach(m -> count.merge(m.name(), 1, Integer::sum));
        Map<String, Integer> seen = new HashMap<>();
        List<RunMetrics> named = new ArrayList<>();
        for (RunMetrics m : read) {
            String label = count.get(m.name()) > 1 ? m.file().toAbsolutePath().getParent().toString() : m.name();
            int k = seen.merge(label, 1, Integer::sum);
            named.add(m.named(k > 1 ? label + " #" + k : label));
        }
        return named;
    }
}
