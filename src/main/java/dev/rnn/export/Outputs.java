package dev.rnn.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes an export so that a failure leaves nothing half-written: a file or a directory is built
 * under a hidden temporary name beside its target and renamed into place in one step; on any
 * failure the temporary is removed.
 */
public final class Outputs {
    /** Fills a fresh, empty directory. */
    interface DirectoryContent {
        void writeTo(Path dir) throws IOException, ExportException;
    }

    private Outputs() {
    }

    /** Replaces {@code file} with {@code bytes}. */
    public static void writeFile(Path file, byte[] bytes) throws ExportException {
        Path target = file.toAbsolutePath();
        Path tmp = temporarySibling(target, file);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteTree(tmp, e);
            throw cannotWrite(file, e);
        } catch (RuntimeException | Error e) {
            deleteTree(tmp, e);
            throw e;
        }
    }

    /** Creates {@code dir}, which must not exist yet, with the content {@code content} writes. */
    static void writeDirectory(Path dir, DirectoryContent content) throws ExportException {
        requireAbsent(dir);
        Path target = dir.toAbsolutePath();
        Path tmp = temporarySibling(target, dir);
        try {
            Files.createDirectory(tmp);
            content.writeTo(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteTree(tmp, e);
            throw cannotWrite(dir, e);
        } catch (ExportException | RuntimeException | Error e) {
            deleteTree(tmp, e);
            throw e;
        }
    }

    /** Refuses a directory output that already exists (export never writes into one). */
    static void requireAbsent(Path dir) throws ExportException {
        if (Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new ExportException(dir + " already exists; choose a new directory (export never writes into an"
                    + " existing one) or remove it first");
        }
    }

    private static Path temporarySibling(Path target, Path given) throws ExportException {
        Path parent = target.getParent();
        if (parent == null || target.getFileName() == null) {
            throw new ExportException("cannot write to " + given + ": not a file or directory path");
        }
        if (!Files.isDirectory(parent)) {
            throw new ExportException("cannot write " + given + ": directory " + parent + " does not exist; create it"
                    + " or choose another path");
        }
        // the random part only has to avoid clashes, so it needs no seeded generator
        return parent.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    private static ExportException cannotWrite(Path path, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ExportException("cannot write " + path + ": " + reason + "; choose a place you can write to", e);
    }

    /** Removes {@code path} and everything under it, recording a failed removal on {@code failure}. */
    static void deleteTree(Path path, Throwable failure) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException d) {
            failure.addSuppressed(d);
        }
    }
}
