package dev.rnn.cli;

import dev.rnn.train.Evaluator;
import dev.rnn.train.TrainListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training progress on stderr: a progress bar (step, epoch, loss, chars/s, time left) when stderr
 * is a terminal and not {@code --quiet}; otherwise a log line every few seconds. Evaluations and
 * their samples are always logged.
 */
final class Progress implements TrainListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal;
    private ProgressBar bar;
    private long lastLog = System.nanoTime();

    private final String unit;

    Progress(PrintWriter err, boolean quiet) {
        this(err, quiet, "char");
    }

    /** {@code unit}: what the model predicts, "char" or "byte", as the figures name it. */
    Progress(PrintWriter err, boolean quiet, String unit) {
        this.unit = unit;
        this.err = err;
        this.quiet = quiet;
        this.terminal = System.console() != null;
    }

    @Override
    public void onStep(StepReport r) {
        String extra = String.format(Locale.ROOT, "epoch %.2f loss %.4f %.0f " + unit + "s/s", r.epochProgress() + 1, r.loss(), r.charsPerSec());
        if (terminal && !quiet) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(barMax(r))
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                        .setConsumer(new ConsoleProgressBarConsumer(System.err)).startsFrom(r.step() - 1, java.time.Duration.ZERO)
                        .build();
            }
            if (bar.getMax() != barMax(r)) { // under --max-time an estimate, refined as it goes
                bar.maxHint(barMax(r));
            }
            bar.stepTo(r.step());
            bar.setExtraMessage(extra);
        } else if (!quiet && System.nanoTime() - lastLog > LOG_INTERVAL_NANOS) {
            lastLog = System.nanoTime();
            LOG.info("step {}{} {} lr {} grad norm {}", r.step(), r.totalSteps() > 0 ? "/" + r.totalSteps() : "", extra, r.lr(),
                    String.format(Locale.ROOT, "%.3f", r.gradNorm()));
        }
    }

    /** The bar's length: the step the run will stop at, or -1 (an indefinite bar) when it has no limit. */
    private static long barMax(StepReport r) {
        return r.totalSteps() > 0 ? r.totalSteps() : -1;
    }

    @Override
    public void onEval(long step, Evaluator.Score score, double seconds, boolean best, String sample) {
        if (bar != null) {
            err.print("\r");
        }
        LOG.info("step {}: validation {} nats/{} = {} bits/{} over {} {}s{} in {} s{}", step,
                String.format(Locale.ROOT, "%.4f", score.natsPerChar()), unit,
                String.format(Locale.ROOT, "%.4f", score.bitsPerChar()), unit, score.chars(), unit,
                score.unknownChars() > 0 ? " (" + score.unknownChars() + " unknown)" : "",
                String.format(Locale.ROOT, "%.1f", seconds), best ? " (best so far)" : "");
        if (!sample.isEmpty() && !quiet) {
            LOG.info("sample: {}", sample.replace("\n", "⏎"));
        }
    }

    @Override
    public void onCheckpoint(Path file) {
        LOG.debug("wrote {}", file);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
