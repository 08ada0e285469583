package dev.rnn.checkpoint;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix: the
 * content goes to a hidden temporary sibling, is forced to disk, renamed over the target in one
 * step, and then the directory entry itself is synced.
 */
final class AtomicFile {
    /** Writes the whole content from position 0 of a fresh, empty channel. */
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code file} with {@code content}. Until the rename, the file at {@code file} is not
     * touched; on any failure the temporary file is deleted and the failure rethrown (I/O failures as
     * CheckpointException, anything else as it is).
     */
    static void write(Path file, Content content) throws CheckpointException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || target.getFileName() == null) {
            throw new IllegalArgumentException("cannot write a checkpoint to " + file + ": not a file path");
        }
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("cannot write checkpoint " + file + ": directory " + dir
                    + " does not exist; create it or choose another path");
        }
        // same directory, so the rename cannot cross file systems; hidden, so nobody picks it up;
        // the random part only has to avoid clashes, so it needs no seeded generator
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        FileChannel channel;
        try {
            channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw writeFailed(file, e);
        }
        try {
            try (channel) {
                content.writeTo(channel);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteTemporary(tmp, e);
            throw writeFailed(file, e);
        } catch (RuntimeException | Error e) {
            deleteTemporary(tmp, e);
            throw e;
        }
        try {
            syncDirectory(dir);
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + file + " was written but directory " + dir
                    + " could not be synced (" + Messages.reason(e) + "); the new file may not survive"
                    + " a power loss: check the disk", e);
        }
    }

    /** Makes the rename itself durable. */
    private static void syncDirectory(Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel (AccessDeniedException); there the
            // rename is made durable by the file system's own journal, and there is nothing to
            // sync. Only this open is excused: a failing force() below still fails the write.
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Removes the temporary file after {@code failure}, recording a failed removal on it. */
    private static void deleteTemporary(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException d) {
            failure.addSuppressed(d);
        }
    }

    private static CheckpointException writeFailed(Path file, IOException e) {
        return new CheckpointException("could not write checkpoint " + file + ": " + Messages.reason(e)
                + "; the previous file there, if any, is unchanged", e);
    }
}
