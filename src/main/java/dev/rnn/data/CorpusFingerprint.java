package dev.rnn.data;

import java.util.List;
import java.util.Objects;

/**
 * What a corpus was made of when it was read: each file's path, size and CRC-32C of its bytes,
 * in reading order. A run records it, so that a resume on a corpus that changed since is refused
 * naming the file, instead of comparing validation losses over different texts.
 */
public record CorpusFingerprint(List<File> files) {

    /** One file of the corpus. */
    public record File(String path, long bytes, long crc32c) {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    public CorpusFingerprint {
        files = List.copyOf(files);
    }

    /**
     * Null when {@code now} is the same corpus as this one, else one line naming the first file
     * that differs and how.
     */
    public String difference(CorpusFingerprint now) {
        for (int i = 0; i < Math.max(files.size(), now.files.size()); i++) {
            if (i >= now.files.size()) {
                return "the file " + files.get(i).path() + " is no longer part of it";
            }
            File n = now.files.get(i);
            if (i >= files.size()) {
                return "the file " + n.path() + " was added to it";
            }
            File was = files.get(i);
            if (!was.path().equals(n.path())) {
                return "its file " + (i + 1) + " was " + was.path() + " and is now " + n.path();
            }
            if (was.bytes() != n.bytes()) {
                return "the file " + n.path() + " had " + was.bytes() + " bytes and has " + n.bytes();
            }
            if (was.crc32c() != n.crc32c()) {
                return "the file " + n.path() + " has the same size but different content";
            }
        }
        return null;
    }
}
