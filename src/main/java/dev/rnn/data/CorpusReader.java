package dev.rnn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a UTF-8 text file into character ids in two streaming passes (never the whole file as one
 * String): the first validates it, counts its code points and collects its character set; the
 * second encodes it into an {@link IdSequence} of its exact length, written as it goes into the
 * {@link IdStorage} given (heap arrays, or a file that is then mapped).
 */
public final class CorpusReader {

    /** The most code points (or bytes) a corpus may have: 2^40, far past the disks we train from; positions are longs. */
    public static final long MAX_LENGTH = 1L << 40;

    static final int DEFAULT_BUFFER_SIZE = 1 << 16;

    private final Utf8Scanner scanner;
    private final long maxLength;
    private final IdStorage storage;
    private final ScanProgress progress;

    /** Package-private so tests can force buffer boundaries and a reachable length limit. */
    CorpusReader(int bufferSize, long maxLength) {
        this(bufferSize, maxLength, IdStorage.standard(), ScanProgress.NONE);
    }

    CorpusReader(int bufferSize, long maxLength, IdStorage storage, ScanProgress progress) {
        this.scanner = new Utf8Scanner(bufferSize);
        this.maxLength = maxLength;
        this.storage = storage;
        this.progress = progress;
    }

    /** Reads a corpus and builds its vocabulary from the characters it contains. */
    public static Corpus read(Path file) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH).readCorpus(file);
    }

    /**
     * Reads a corpus with the vocabulary {@code policy} chooses from the counts of its characters.
     * Characters left out map to the unknown id; their counts in the training head (the text before
     * the last {@code valFrac}) become the vocabulary's q(c), and those in the validation tail are
     * recorded so that validation charges each its -log q(c).
     */
    public static Corpus read(Path file, VocabularyPolicy policy, double valFrac) throws CorpusException {
        return read(List.of(file), policy, valFrac);
    }

    /** {@link #read(Path, VocabularyPolicy, double)} of the files' texts joined by {@link CorpusFiles#SEPARATOR}. */
    public static Corpus read(List<Path> files, VocabularyPolicy policy, double valFrac) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH).readCorpus(files, policy, valFrac);
    }

    /** {@link #read(List, VocabularyPolicy, double)} with its ids in {@code storage}, telling {@code progress} how far it has got. */
    public static Corpus read(List<Path> files, VocabularyPolicy policy, double valFrac, IdStorage storage,
                              ScanProgress progress) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH, storage, progress).readCorpus(files, policy, valFrac);
    }

    /** Reads a corpus as the UTF-8 bytes of its (validated) text, for a byte-level model. */
    public static Corpus readBytes(Path file) throws CorpusException {
        return readBytes(List.of(file));
    }

    /** {@link #readBytes(Path)} of the files' texts joined by {@link CorpusFiles#SEPARATOR}. */
    public static Corpus readBytes(List<Path> files) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH).readCorpusBytes(files);
    }

    /** {@link #readBytes(List)} with its ids in {@code storage}, telling {@code progress} how far it has got. */
    public static Corpus readBytes(List<Path> files, IdStorage storage, ScanProgress progress) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH, storage, progress).readCorpusBytes(files);
    }

    Corpus readCorpusBytes(List<Path> file) throws CorpusException {
        Census census = census(file, Units.BYTES);
        Vocabulary vocab = Vocabulary.ofBytes(java.util.stream.IntStream.range(0, 256)
                .filter(b -> census.counts[b] > 0).toArray());
        return new Corpus(vocab, encodeKnown(file, vocab, census.length(), 0, census.length()).ids)
                .withFingerprint(new CorpusFingerprint(census.fingerprint));
    }

    /**
     * Encodes a text with a fixed vocabulary (a trained model's), failing with the names of any
     * characters the vocabulary lacks.
     */
    public static IdSequence encode(Path file, Vocabulary vocab) throws CorpusException {
        return new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH).encodeWith(file, vocab);
    }

    /**
     * A text to score: its ids, the unknown characters among characters 2..n with their cost, and
     * its length in characters (code points, which a byte-level model's ids are not).
     */
    public record ScoredText(IdSequence ids, UnknownTally unknown, long characters) {
    }

    /**
     * Encodes a text to score with a model's vocabulary: characters outside it map to the unknown
     * id when the vocabulary has one (and are tallied), and are refused by name otherwise.
     */
    public static ScoredText encodeForScoring(Path file, Vocabulary vocab) throws CorpusException {
        CorpusReader r = new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH);
        if (vocab.units() == Units.BYTES) {
            Census census = r.census(List.of(file), Units.BYTES);
            List<Integer> unknown = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                if (census.counts[b] > 0 && vocab.id(b) < 0) {
                    unknown.add(b);
                }
            }
            if (!unknown.isEmpty()) {
                throw new CorpusException("text " + file + " has " + unknown.size() + " byte value(s) the byte-level"
                        + " model never saw: " + unknown + "; score it with a model trained on text that has them");
            }
            IdSequence ids = r.encodeKnown(List.of(file), vocab, census.length(), 0, census.length()).ids;
            return new ScoredText(ids, UnknownTally.NONE, census.characters);
        }
        if (vocab.unknownId() < 0) {
            IdSequence ids = r.encodeWith(file, vocab);
            return new ScoredText(ids, UnknownTally.NONE, ids.length());
        }
        Census census = r.census(List.of(file), Units.CODEPOINTS);
        Encoded e = r.encodeKnown(List.of(file), vocab, census.length(), 0, 1); // character 1 is not predicted
        UnknownTally t = UnknownTally.NONE;
        for (int cp : e.unknownCodePoints) {
            t = t.plus(vocab, cp);
        }
        return new ScoredText(e.ids, t, census.length());
    }

    Corpus readCorpus(Path file) throws CorpusException {
        return readCorpus(List.of(file), VocabularyPolicy.ALL, 0);
    }

    Corpus readCorpus(List<Path> file, VocabularyPolicy policy, double valFrac) throws CorpusException {
        Census census = census(file, Units.CODEPOINTS);
        Vocabulary vocab = policy.choose(census.counts);
        long n = census.length();
        if (vocab.unknownId() < 0) {
            return new Corpus(vocab, encodeKnown(file, vocab, n, 0, n).ids)
                    .withFingerprint(new CorpusFingerprint(census.fingerprint));
        }
        long trainLen = Corpus.trainLength(n, valFrac);
        Encoded e = encodeKnown(file, vocab, n, trainLen, trainLen);
        long[] trainCounts = e.headCounts; // q(c): the unknown characters' counts in the training head
        int[] cps = java.util.stream.IntStream.range(0, trainCounts.length).filter(cp -> trainCounts[cp] > 0).toArray();
        long[] counts = java.util.Arrays.stream(cps).mapToLong(cp -> trainCounts[cp]).toArray();
        return new Corpus(vocab.withUnknownCounts(cps, counts), e.ids, trainLen, e.unknownAt, e.unknownCodePoints,
                new CorpusFingerprint(census.fingerprint));
    }

    IdSequence encodeWith(Path file, Vocabulary vocab) throws CorpusException {
        Census census = census(List.of(file), Units.CODEPOINTS);
        List<Integer> unknown = new ArrayList<>();
        for (int cp = 0; cp < census.counts.length; cp++) {
            if (census.counts[cp] > 0 && vocab.id(cp) < 0) {
                unknown.add(cp);
            }
        }
        if (!unknown.isEmpty()) {
            throw new CorpusException("corpus " + file + ": "
                    + CodePoints.countDistinct(unknown.size()) + " not in the model's vocabulary ("
                    + vocab.size() + " characters): " + CodePoints.describeAll(unknown)
                    + "; remove or replace them, or use a model trained on text that has them",
                    new UnknownCharactersException(unknown, vocab.size()));
        }
        return encodeKnown(List.of(file), vocab, census.length(), 0, census.length()).ids;
    }

    /** Pass 1: checks the files, validates their UTF-8 and counts and collects their characters. */
    private Census census(List<Path> files, Units units) throws CorpusException {
        for (Path file : files) {
            checkReadable(file);
        }
        Census census = new Census(name(files), maxLength, units);
        scanAll(files, census, census.fingerprint, "counting");
        if (census.count == 0) {
            throw new CorpusException("corpus " + name(files)
                    + " holds only a byte order mark and no text; give a file with text in it");
        }
        return census;
    }

    /**
     * The ids of a text, the counts of its unknown characters in its head (indexed by code point)
     * and the positions and characters of those from some position on.
     */
    private record Encoded(IdSequence ids, long[] headCounts, long[] unknownAt, int[] unknownCodePoints) {
    }

    /**
     * Pass 2: the ids of exactly {@code length} characters, each in {@code vocab} or mapped to its
     * unknown id; the unknown characters before {@code countBefore} are counted, those at or after
     * {@code recordFrom} recorded with their positions.
     */
    private Encoded encodeKnown(List<Path> files, Vocabulary vocab, long length, long countBefore, long recordFrom)
            throws CorpusException {
        IdSequence.Writer ids = storage.open(vocab.size(), length);
        LongList at = new LongList();
        IntList what = new IntList();
        long[] headCounts = new long[countBefore > 0 ? Character.MAX_CODE_POINT + 1 : 0];
        if (vocab.units() == Units.BYTES) {
            int[] bytes = new int[4];
            scanAll(files, cp -> {
                int len = Units.utf8(cp, bytes);
                for (int k = 0; k < len; k++) {
                    int id = vocab.id(bytes[k]);
                    if (id < 0 || ids.length() == length) {
                        throw changed(name(files));
                    }
                    ids.append(id);
                }
            }, "encoding");
            if (ids.length() != length) {
                throw changed(name(files));
            }
            return new Encoded(ids.build(), new long[0], new long[0], new int[0]);
        }
        scanAll(files, cp -> {
            int id = vocab.idOrUnknown(cp);
            // pass 1 saw every character, so a surprise here means someone wrote to the file
            if (id < 0 || ids.length() == length) {
                throw changed(name(files));
            }
            if (id == vocab.unknownId()) {
                if (ids.length() < countBefore) {
                    headCounts[cp]++;
                } else if (ids.length() >= recordFrom) {
                    at.add(ids.length());
                    what.add(cp);
                }
            }
            ids.append(id);
        }, "encoding");
        if (ids.length() != length) {
            throw changed(name(files));
        }
        return new Encoded(ids.build(), headCounts, at.toArray(), what.toArray());
    }

    /** A growable int array, so that millions of unknown characters do not become boxed Integers. */
    private static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int x) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(16, n + (n >> 1)));
            }
            a[n++] = x;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    /** A growable long array, for the positions of unknown characters. */
    private static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long x) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(16, n + (n >> 1)));
            }
            a[n++] = x;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
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

    /** Scans the files in order, with {@link CorpusFiles#SEPARATOR} between one file's text and the next. */
    private void scanAll(List<Path> files, Utf8Scanner.Sink sink, String pass) throws CorpusException {
        scanAll(files, sink, null, pass);
    }

    /**
     * {@link #scanAll(List, Utf8Scanner.Sink, String)}, adding each file's fingerprint to
     * {@code fingerprint} when it is not null; {@code pass} names the pass to the progress.
     */
    private void scanAll(List<Path> files, Utf8Scanner.Sink sink, List<CorpusFingerprint.File> fingerprint, String pass)
            throws CorpusException {
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        progress.begin(pass, total);
        try {
            for (int i = 0; i < files.size(); i++) {
                if (i > 0) {
                    sink.accept(CorpusFiles.SEPARATOR);
                }
                java.util.zip.CRC32C crc = fingerprint == null ? null : new java.util.zip.CRC32C();
                scanner.scan(files.get(i), sink, crc, progress::advance);
                if (fingerprint != null) {
                    fingerprint.add(new CorpusFingerprint.File(files.get(i).toString(), size(files.get(i)), crc.getValue()));
                }
            }
        } finally {
            progress.end();
        }
    }

    private static long size(Path file) throws CorpusException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CorpusException("could not read corpus " + file + ": " + e, e);
        }
    }

    /** How messages name a corpus: its file, or how many files it has. */
    private static String name(List<Path> files) {
        return files.size() == 1 ? files.get(0).toString() : "of " + files.size() + " files (" + files.get(0) + ", ...)";
    }

    /**
     * The files that are valid UTF-8, in order; each one that is not is left out and its error
     * added to {@code skipped} (for --skip-bad-files).
     */
    public static List<Path> validFiles(List<Path> files, List<String> skipped) throws CorpusException {
        CorpusReader r = new CorpusReader(DEFAULT_BUFFER_SIZE, MAX_LENGTH);
        List<Path> kept = new ArrayList<>();
        for (Path f : files) {
            checkReadable(f);
            try {
                r.scanner.scan(f, cp -> { });
                kept.add(f);
            } catch (CorpusException e) {
                if (!e.invalidText()) {
                    throw e;
                }
                skipped.add(e.getMessage().replaceFirst(";.*", ""));
            }
        }
        if (kept.isEmpty()) {
            throw new CorpusException("none of the " + files.size() + " corpus files is valid UTF-8; convert them first");
        }
        return kept;
    }

    private static CorpusException changed(String file) {
        return new CorpusException("corpus " + file + " changed while it was being read;"
                + " try again when nothing is writing to it");
    }

    /** Pass 1 sink: counts code points (failing fast past the limit), and each character's occurrences. */
    private static final class Census implements Utf8Scanner.Sink {
        private final String file;
        private final long maxLength;
        private final Units units;
        private final int[] bytes = new int[4];
        final long[] counts; // indexed by code point (or byte value)
        long count;          // units: characters or bytes
        long characters;
        final List<CorpusFingerprint.File> fingerprint = new ArrayList<>();

        Census(String file, long maxLength, Units units) {
            this.file = file;
            this.maxLength = maxLength;
            this.units = units;
            this.counts = new long[units == Units.BYTES ? 256 : Character.MAX_CODE_POINT + 1];
        }

        @Override
        public void accept(int codePoint) throws CorpusException {
            characters++;
            if (units == Units.BYTES) {
                int len = Units.utf8(codePoint, bytes);
                for (int k = 0; k < len; k++) {
                    counts[bytes[k]]++;
                }
                count += len;
                if (count > maxLength) {
                    throw new CorpusException("corpus " + file + " has more than " + maxLength
                            + " bytes, the most one corpus can hold; use a part of it");
                }
                return;
            }
            if (++count > maxLength) {
                throw new CorpusException("corpus " + file + " has more than " + maxLength
                        + " characters, the most one corpus can hold; use a part of it");
            }
            counts[codePoint]++;
        }

        long length() {
            return count;
        }
    }
}
