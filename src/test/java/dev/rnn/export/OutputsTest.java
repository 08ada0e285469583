package dev.rnn.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories appear whole or not at all. */
class OutputsTest {
    @Test
    void writeFileReplacesAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.onnx");
        Files.writeString(f, "old");
        Outputs.writeFile(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        assertEquals(List.of("m.onnx"), WebPageTest.names(dir));
    }

    @Test
    void aFailingDirectoryIsRemovedWhole(@TempDir Path dir) throws Exception {
        ExportException e = assertThrows(ExportException.class, () -> Outputs.writeDirectory(dir.resolve("site"), tmp -> {
            Files.writeString(Files.createDirectory(tmp.resolve("sub")).resolve("half.txt"), "half");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals(List.of(), WebPageTest.names(dir));
    }

    @Test
    void aDirectoryAppearsOnlyWhenComplete(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("site");
        Outputs.writeDirectory(site, tmp -> {
            assertFalse(Files.exists(site));
            Files.writeString(tmp.resolve("a.txt"), "a");
        });
        assertEquals("a", Files.readString(site.resolve("a.txt")));
        assertEquals(List.of("site"), WebPageTest.names(dir));
    }

    @Test
    void aMissingParentIsNamed(@TempDir Path dir) {
        ExportException e = assertThrows(ExportException.class, () -> Outputs.writeFile(dir.resolve("no/m.onnx"), new byte[1]));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
