package dev.rnn.cli;

import dev.rnn.data.ScanProgress;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, in megabytes of the corpus files, while a large corpus is scanned;
 * nothing for a small corpus, with --quiet, or when stderr is not a terminal (logs stay clean).
 */
final class ScanBar implements ScanProgress {
    /** Below this a scan takes a few seconds at most: no bar. */
    static final long MIN_BYTES = 50L << 20;

    private final boolean show;
    private ProgressBar bar;

    ScanBar(boolean quiet) {
        this.show = !quiet && System.console() != null;
    }

    @Override
    public void begin(String pass, long totalBytes) {
        if (show && totalBytes > MIN_BYTES) {
            bar = new ProgressBarBuilder().setTaskName(pass + " corpus").setInitialMax(totalBytes)
                    .setUnit(" MB", 1L << 20).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
        }
    }

    @Override
    public void advance(long bytes) {
        if (bar != null) {
            bar.stepBy(bytes);
        }
    }

    @Override
    public void end() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
