package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AtomicFile: a write that fails midway leaves the previous checkpoint byte for byte intact and no temporary file. */
class AtomicFileTest {
    @TempDir
    Path dir;

    /** Four chunks of data, so failures can strike before, between and after chunks. */
    private static final Map<String, Tensor> NEW_TENSORS = Map.of(
            "w", Tensor.f32(new int[] {4, TensorCodec.CHUNK_BYTES / 4}, new float[TensorCodec.CHUNK_BYTES]));

    private Path writeOld() throws Exception {
        Path file = dir.resolve("last.safetensors");
        SafeTensors.write(file, Map.of("old", Tensor.i32(new int[] {2}, new int[] {1, 2})), Map.of("step", "100"));
        return file;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void ioFailureMidwayKeepsTheOldFileAndLeavesNoTemporary() throws Exception {
        Path file = writeOld();
        byte[] before = Files.readAllBytes(file);
        for (long failAt : new long[] {TensorCodec.CHUNK_BYTES, 3L * TensorCodec.CHUNK_BYTES}) {
            IOException diskFull = new IOException("No space left on device");
            SafeTensorsWriter writer = new SafeTensorsWriter(written -> {
                if (written >= failAt) {
                    throw diskFull;
                }
            });

            CheckpointException e = assertThrows(CheckpointException.class,
                    () -> writer.write(file, NEW_TENSORS, Map.of("step", "200")));

            assertSame(diskFull, e.getCause());
            RawSafeTensors.assertOneLineNaming(e, file, "could not write", "No space left on device", "unchanged");
            RawSafeTensors.assertSameBytes(before, file);
            assertEquals(List.of(file), listing(), "after failing at " + failAt);
            assertEquals(Map.of("step", "100"), SafeTensors.read(file).metadata());
        }
    }

    @Test
    void uncheckedFailureIsRethrownAsItIsAndCleanedUp() throws Exception {
        Path file = writeOld();
        byte[] before = Files.readAllBytes(file);
        IllegalStateException bug = new IllegalStateException("bug in the caller");
        SafeTensorsWriter writer = new SafeTensorsWriter(written -> {
            throw bug;
        });

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> writer.write(file, NEW_TENSORS, Map.of()));

        assertSame(bug, thrown);
        RawSafeTensors.assertSameBytes(before, file);
        assertEquals(List.of(file), listing());
    }

    @Test
    void aFirstWriteThatFailsLeavesNothing() throws Exception {
        Path file = dir.resolve("first.safetensors");
        SafeTensorsWriter writer = new SafeTensorsWriter(written -> {
            throw new IOException("Input/output error");
        });

        assertThrows(CheckpointException.class, () -> writer.write(file, NEW_TENSORS, Map.of()));

        assertEquals(List.of(), listing());
    }

    @Test
    void missingDirectoryIsNamed() {
        Path file = dir.resolve("no").resolve("such").resolve("last.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafeTensors.write(file, NEW_TENSORS, Map.of()));
        RawSafeTensors.assertOneLineNaming(e, file, "does not exist");
    }

    @Test
    void aDirectoryInTheWayIsNotReplaced() throws Exception {
        Path file = dir.resolve("last.safetensors");
        Files.createDirectory(file);
        Files.writeString(file.resolve("keep.txt"), "precious");

        CheckpointException e = assertThrows(CheckpointException.class,
                () -> SafeTensors.write(file, NEW_TENSORS, Map.of()));

        RawSafeTensors.assertOneLineNaming(e, file, "could not write");
        assertTrue(e.getCause() instanceof IOException, String.valueOf(e.getCause()));
        assertEquals("precious", Files.readString(file.resolve("keep.txt")));
        assertEquals(List.of(file), listing());
    }

    @Test
    void relativePathsWork() throws Exception {
        Path file = dir.resolve("rel.safetensors");
        Path relative = Path.of("").toAbsolutePath().relativize(file);
        SafeTensors.write(relative, NEW_TENSORS, Map.of());
        assertEquals(NEW_TENSORS, SafeTensors.read(file).tensors());
    }
}
