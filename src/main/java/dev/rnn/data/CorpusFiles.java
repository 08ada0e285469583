package dev.rnn.data;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of a corpus given as files and directories, in a stable order: the arguments in the
 * order given; a directory's files recursively, sorted by their path relative to it (by UTF-16
 * code unit, "/" separating names), skipping hidden files and directories (names starting with
 * "."), empty files, and files that {@code --include} globs do not match or {@code --exclude}
 * globs match (a glob matches a file's relative path or its name). A file named as an argument is
 * always read. The text is the files' texts joined by {@link #SEPARATOR}.
 */
public final class CorpusFiles {
    /** What joins one file's text to the next: a newline, so a file's last line never runs into the next file's first. */
    public static final int SEPARATOR = '\n';

    private CorpusFiles() {
    }

    /** The files to read, in order, each once. */
    public static List<Path> list(List<Path> inputs, List<String> include, List<String> exclude) throws CorpusException {
        List<PathMatcher> in = matchers(include);
        List<PathMatcher> out = matchers(exclude);
        Set<Path> files = new LinkedHashSet<>();
        for (Path input : inputs) {
            Path p = input.toAbsolutePath().normalize();
            if (!Files.isDirectory(p)) {
                files.add(p); // checked when read, with the reader's messages
                continue;
            }
            List<Path> found = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(p)) {
                walk.filter(f -> !hidden(p, f) && Files.isRegularFile(f)).forEach(found::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new CorpusException("cannot list the corpus directory " + p + " (" + e.getMessage() + ")", e);
            }
            found.sort((a, b) -> relative(p, a).compareTo(relative(p, b)));
            for (Path f : found) {
                String rel = relative(p, f);
                Path name = f.getFileName();
                if ((in.isEmpty() || matches(in, rel, name)) && !matches(out, rel, name) && size(f) > 0) {
                    files.add(f);
                }
            }
        }
        if (files.isEmpty()) {
            throw new CorpusException("no corpus files found in " + inputs + (include.isEmpty() ? "" : " matching --include "
                    + include) + "; give text files or directories that hold them");
        }
        return List.copyOf(files);
    }

    private static boolean hidden(Path root, Path f) {
        for (Path part : root.relativize(f)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(Path root, Path f) {
        return root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 1; // kept, so that reading it reports the problem
        }
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> m = new ArrayList<>();
        for (String g : globs) {
            m.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
        return m;
    }

    private static boolean matches(List<PathMatcher> matchers, String rel, Path name) {
        for (PathMatcher m : matchers) {
            if (m.matches(Path.of(rel)) || m.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
