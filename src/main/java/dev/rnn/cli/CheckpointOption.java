package dev.rnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --checkpoint FILE} of sample and eval, by default the best checkpoint of the latest run. */
final class CheckpointOption {
    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A checkpoint (default: best.safetensors of the most recent run under ./runs).")
    Path file;

    /** The file given, or the latest run's best, named on {@code err} with what is done with it ("sampling from"). */
    Path resolve(PrintWriter err, String doing) {
        if (file != null) {
            return file;
        }
        Path best = RunDirs.latestBest();
        err.println("rnn: " + doing + " " + best);
        return best;
    }
}
