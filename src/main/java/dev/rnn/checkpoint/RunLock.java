package dev.rnn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Exclusive ownership of a run directory, so two rnn processes never write the same checkpoints:
 * an OS file lock on {@code dir/.lock}, which also records the owner's pid and start time for
 * humans. The OS drops the lock when the process dies, so a crash leaves no stale lock; the file
 * itself stays (deleting it would let a second process lock a fresh file while a third still
 * holds the old one).
 *
 * <p>Caveat (POSIX fcntl semantics): the lock belongs to the process, and closing <em>any</em>
 * descriptor of {@code .lock} in this JVM releases it at the OS level, though Java still calls it
 * valid. So nothing in the process may open {@code .lock} while it is held. A second
 * {@code acquire} of the same directory in this JVM is refused, but its probe descriptor has the
 * same effect; treat that refusal as fatal to the run.
 */
public final class RunLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir} (created if missing) for this process, or fails at once if another
     * process, or another RunLock in this JVM, holds it.
     */
    public static RunLock acquire(Path dir) throws CheckpointException {
        Path lockFile = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            Files.createDirectories(dir);
            // no TRUNCATE: the file may hold the current owner's pid, which the message reports
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CheckpointException("cannot lock run directory " + dir + ": " + Messages.reason(e)
                    + "; check that it is writable or choose another --out", e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw busy("another rnn run in this process", dir, channel, e);
            }
            if (lock == null) {
                throw busy("another rnn process", dir, channel, null);
            }
            String note = "pid " + ProcessHandle.current().pid() + "\nstarted " + Instant.now() + "\n";
            channel.truncate(0);
            ByteBuffer bytes = ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes, bytes.position());
            }
            return new RunLock(dir, channel, lock);
        } catch (IOException e) {
            CheckpointException failure = new CheckpointException("cannot lock run directory " + dir + ": "
                    + Messages.reason(e) + "; check that it is writable or choose another --out", e);
            closeAfter(channel, failure);
            throw failure;
        } catch (CheckpointException | RuntimeException | Error e) {
            closeAfter(channel, e);
            throw e;
        }
    }

    /** The directory this lock owns. */
    public Path dir() {
        return dir;
    }

    /** Releases the lock; the {@code .lock} file stays. Closing twice does nothing. */
    @Override
    public void close() throws CheckpointException {
        if (!channel.isOpen()) {
            return;
        }
        try (channel) {
            lock.release();
        } catch (IOException e) {
            throw new CheckpointException("could not release the lock on " + dir + ": " + Messages.reason(e), e);
        }
    }

    /** "WHO (pid N) is using DIR", with N read from the lock file the holder wrote. */
    private static CheckpointException busy(String who, Path dir, FileChannel channel, Throwable cause) {
        String pid;
        IOException unreadable = null;
        try {
            pid = recordedPid(channel);
        } catch (IOException e) {
            pid = "unknown"; // e.g. Windows forbids reading a locked file; the failure rides along below
            unreadable = e;
        }
        CheckpointException busy = new CheckpointException(who + " (pid " + pid + ") is using " + dir
                + "; wait for it to finish or choose another --out", cause);
        if (unreadable != null) {
            busy.addSuppressed(unreadable);
        }
        return busy;
    }

    /** The pid line of the lock file, or "unknown" if there is none (an older or foreign file). */
    private static String recordedPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.matches("pid [0-9]{1,19}")) {
                return line.substring("pid ".length());
            }
        }
        return "unknown";
    }

    private static void closeAfter(FileChannel channel, Throwable failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
