package dev.rnn.cli;

import dev.rnn.train.TrainingSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.stream.Stream;

/** Where runs go by default ({@code ./runs/<corpus>-<time>}) and how the latest one is found. */
final class RunDirs {
    static final Path ROOT = Path.of("runs");

    private RunDirs() {
    }

    /** A new run directory name under {@link #ROOT} for a corpus file. */
    static Path newRunDir(String corpus) {
        String name = Path.of(corpus).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return ROOT.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + stamp);
    }

    /** The best checkpoint of the most recently written run under {@link #ROOT}. */
    static Path latestBest() {
        if (!Files.isDirectory(ROOT)) {
            throw new UserException("no --checkpoint given and no runs under ./" + ROOT
                    + "; train first (rnn train corpora/tinyshakespeare.txt) or pass --checkpoint FILE", ExitCodes.FAILURE, null);
        }
        try (Stream<Path> dirs = Files.list(ROOT)) {
            Optional<Path> best = dirs.map(d -> d.resolve(TrainingSession.BEST))
                    .filter(Files::isRegularFile)
                    .max((a, b) -> modified(a).compareTo(modified(b)));
            return best.orElseThrow(() -> new UserException("no --checkpoint given and no run under ./" + ROOT
                    + " has a " + TrainingSession.BEST + " yet; train first or pass --checkpoint FILE", ExitCodes.FAILURE, null));
        } catch (IOException e) {
            throw new UserException("cannot list ./" + ROOT + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
