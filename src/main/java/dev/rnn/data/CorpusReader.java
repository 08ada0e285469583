package dev.rnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Reads a UTF-8 text file into character ids in two streaming passes (never the whole file as one
 * String): the first validates it, counts its code points and collects its character set; the
 * second encodes it into an {@link IdSequence} allocated once at its exact length.
 */
public final class CorpusReader {

    /** The most code points a corpus may have: Java arrays stop a little short of 2^31 - 1. */
    public static final long MAX_LENGTH = Integer.MAX_VALUE - 64;

    static final int DEFAULT_BUFFER_SIZE = 1 << 16;

    private final Utf8Scanner scanner;
    private final long maxLength;

    /** Package-private so tests can force buffer boundaries and a reachable length limit. */
    CorpusReader(int bufferSize, long maxLength) {
        this.scanner = new Utf8Scanner(bufferSize);
        this.maxLength = maxLength;
    }

    /** Reads a corpus and builds its vocabulary from the characters it contains. */
    public static Corpus read(Path file) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH).readCorpus(file);
    }

    /**
     * Encodes a text with a fixed vocabulary (a trained model's), failing with the names of any
     * characters the vocabulary lacks.
     */
    public static IdSequence encode(Path file, Vocabulary vocab) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH).encodeWith(file, vocab);
    }

    Corpus readCorpus(Path file) throws CorpusException {
        Census census = census(file);
        Vocabulary vocab = Vocabulary.of(census.seen.stream().toArray());
        return new Corpus(vocab, encodeKnown(file, vocab, census.length()));
    }

    IdSequence encodeWith(Path file, Vocabulary vocab) throws CorpusException {
        Census census = census(file);
        List<Integer> unknown = new ArrayList<>();
        census.seen.stream().filter(cp -> vocab.id(cp) < 0).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw new CorpusException("corpus " + file + ": "
                    + CodePoints.countDistinct(unknown.size()) + " not in the model's vocabulary ("
                    + vocab.size() + " characters): " + CodePoints.describeAll(unknown)
                    + "; remove or replace them, or use a model trained on text that has them",
                    new UnknownCharactersException(unknown, vocab.size()));
        }
        return encodeKnown(file, vocab, census.length());
    }

    /** Pass 1: checks the file, validates its UTF-8 and counts and collects its characters. */
    private Census census(Path file) throws CorpusException {
        checkReadable(file);
        Census census = new Census(file, maxLength);
        scanner.scan(file, census);
        if (census.count == 0) {
            throw new CorpusException("corpus " + file
                    + " holds only a byte order mark and no text; give a file with text in it");
        }
        return census;
    }

    /** Pass 2: the ids of exactly {@code length} characters, all of them in {@code vocab}. */
    private IdSequence encodeKnown(Path file, Vocabulary vocab, int length) throws CorpusException {
        IdSequence.Builder ids = new IdSequence.Builder(vocab.size(), length);
        scanner.scan(file, cp -> {
            int id = vocab.id(cp);
            // pass 1 saw every character, so a surprise here means someone wrote to the file
            if (id < 0 || ids.length() == length) {
                throw changed(file);
            }
            ids.append(id);
        });
        if (ids.length() != length) {
            throw changed(file);
        }
        return ids.build();
    }

    private static void checkReadable(Path file) throws CorpusException {
        if (Files.isDirectory(file)) {
            throw new CorpusException(
                    "corpus " + file + " is a directory; give the path of a UTF-8 text file");
        }
        if (!Files.exists(file)) {
            throw new CorpusException("corpus " + file + " does not exist; check the path");
        }
        if (!Files.isRegularFile(file)) {
            throw new CorpusException("corpus " + file + " is not a regular file; it is read twice,"
                    + " so give a file on disk rather than a pipe or device");
        }
        if (!Files.isReadable(file)) {
            throw new CorpusException("corpus " + file + " is not readable; check its permissions");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CorpusException("could not read corpus " + file + ": " + e, e);
        }
        if (size == 0) {
            throw new CorpusException("corpus " + file + " is empty; give a file with text in it");
        }
    }

    private static CorpusException changed(Path file) {
        return new CorpusException("corpus " + file + " changed while it was being read;"
                + " try again when nothing is writing to it");
    }

    /** Pass 1 sink: counts code points (failing fast past the limit) and marks each one seen. */
    private static final class Census implements Utf8Scanner.Sink {
        private final Path file;
        private final long maxLength;
        final BitSet seen = new BitSet(); // indexed by code point
        long count;

        Census(Path file, long maxLength) {
            this.file = file;
            this.maxLength = maxLength;
        }

        @Override
        public void accept(int codePoint) throws CorpusException {
            if (++count > maxLength) {
                throw new CorpusException("corpus " + file + " has more than " + maxLength
                        + " characters, the most one corpus can hold; use a part of it");
            }
            seen.set(codePoint);
        }

        int length() {
            return (int) count;
        }
    }
}
