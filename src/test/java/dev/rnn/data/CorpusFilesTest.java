package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories in a stable order: arguments as given, directories sorted by relative path, hidden ones skipped. */
class CorpusFilesTest {
    @TempDir
    Path dir;

    private Path write(String rel, String text) throws Exception {
        Path f = dir.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }

    private List<String> names(List<Path> files) {
        return files.stream().map(f -> dir.relativize(f).toString().replace('\\', '/')).toList();
    }

    @Test
    void argumentsInOrderDirectoriesRecursivelySortedHiddenAndEmptySkipped() throws Exception {
        write("d/b.txt", "b");
        write("d/a/z.txt", "z");
        write("d/a.md", "a");
        write("d/.git/config", "x");
        write("d/.hidden.txt", "x");
        write("d/empty.txt", "");
        Path first = write("first.txt", "1");
        List<Path> files = CorpusFiles.list(List.of(first, dir.resolve("d"), dir.resolve("d/b.txt")), List.of(), List.of());
        // "a.md" < "a/z.txt" because '.' (0x2E) < '/' (0x2F); d/b.txt comes once
        assertEquals(List.of("first.txt", "d/a.md", "d/a/z.txt", "d/b.txt"), names(files));
    }

    @Test
    void includeAndExcludeFilterTheFilesOfDirectories() throws Exception {
        write("d/b.txt", "b");
        write("d/a/z.txt", "z");
        write("d/a.md", "a");
        Path md = dir.resolve("d/a.md");
        assertEquals(List.of("d/a/z.txt", "d/b.txt"), names(CorpusFiles.list(List.of(dir.resolve("d")), List.of("*.txt"), List.of())));
        assertEquals(List.of("d/a.md", "d/b.txt"), names(CorpusFiles.list(List.of(dir.resolve("d")), List.of(), List.of("a/**"))));
        // a file named as an argument is read whatever the globs
        assertEquals(List.of("d/a.md"), names(CorpusFiles.list(List.of(md), List.of("*.txt"), List.of())));
        CorpusException e = assertThrows(CorpusException.class,
                () -> CorpusFiles.list(List.of(dir.resolve("d")), List.of("*.rst"), List.of()));
        assertTrue(e.getMessage().contains("no corpus files found"), e.getMessage());
    }

    @Test
    void filesAreJoinedByANewlineAndABadFileIsNamedOrSkipped() throws Exception {
        Path a = write("a.txt", "ab");
        Path b = write("b.txt", "cd\n");
        Path bad = dir.resolve("bad.txt");
        Files.write(bad, new byte[] {'o', 'k', (byte) 0xFF});
        Corpus c = CorpusReader.read(List.of(a, b), VocabularyPolicy.ALL, 0.1);
        assertEquals("ab\ncd\n", c.vocab().decode(c.ids().toArray()));
        CorpusException e = assertThrows(CorpusException.class,
                () -> CorpusReader.read(List.of(a, bad, b), VocabularyPolicy.ALL, 0.1));
        assertTrue(e.getMessage().contains(bad + " is not valid UTF-8") && e.getMessage().contains("byte offset 2"),
                e.getMessage());
        List<String> skipped = new ArrayList<>();
        List<Path> kept = CorpusReader.validFiles(List.of(a, bad, b), skipped);
        assertEquals(List.of(a, b), kept);
        assertEquals(1, skipped.size());
        assertTrue(skipped.get(0).contains(bad.toString()) && skipped.get(0).contains("byte offset 2"), skipped.get(0));
        assertEquals("ab\ncd\n".getBytes(StandardCharsets.UTF_8).length, CorpusReader.readBytes(kept).ids().length());
    }
}
