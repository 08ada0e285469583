package dev.rnn.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Scanned corpora (vocabulary, ids, unknown characters, fingerprint) kept on disk so that a second
 * start or a resume does not scan the text again. An entry is named by a SHA-256 of the files'
 * paths, sizes and modification times and of how the corpus was read (units, vocabulary policy,
 * validation fraction); its content ends with a CRC-32C of everything before it. Its id section
 * is the corpus's storage: the scan streams the ids into it, and a hit maps them
 * ({@link MappedIdSequence}) instead of reading them into the heap. It is written to a temporary
 * file and renamed, under a lock file, so that runs started together scan once. A corrupt entry
 * is rebuilt with a warning; an entry that cannot be written (a full disk) is skipped with a
 * warning and the corpus scanned again without it. Every size read is bounded by the file's size.
 *
 * <p>Layout (version 2, big-endian): magic, version, id width (1, 2 or 4), 0, the number of ids
 * (a long); the ids from byte {@value #IDS_AT}; then the vocabulary, the unknown characters, the
 * fingerprint and the skipped files; last the CRC-32C.
 */
public final class CorpusCache {
    private static final int MAGIC = 0x524E4E43; // "RNNC"
    private static final int VERSION = 2;
    /** Where the ids start: after the 24-byte header, so every id is aligned to its width. */
    static final int IDS_AT = 24;
    private static final int CHUNK = 1 << 16;

    private final Path dir;
    private final long segmentBytes;

    public CorpusCache(Path dir) {
        this(dir, MappedIdSequence.SEGMENT_BYTES);
    }

    /** Package-private so tests can map in small segments. */
    CorpusCache(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** {@code $XDG_CACHE_HOME/rnn}, or {@code ~/.cache/rnn}. */
    public static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("rnn");
    }

    /** A scanned corpus and the files left out of it because they were not valid UTF-8. */
    public record Entry(Corpus corpus, List<String> skipped) {
    }

    /** Scans the files into an {@link Entry}, its ids written to {@code storage}. */
    public interface Scan {
        Entry run(IdStorage storage) throws CorpusException;
    }

    /**
     * The cached entry of these files read this way, or {@code scan}'s, which is then cached.
     *
     * @param how  everything besides the files that decides the entry (units, policy, ...)
     * @param warn receives one line for a rebuilt or unwritable entry
     */
    public Entry getOrScan(List<Path> files, String how, Scan scan, Consumer<String> warn) throws CorpusException {
        String key;
        try {
            key = key(files, how);
        } catch (IOException e) {
            return scan.run(IdStorage.standard()); // a file that cannot be stat'ed: the scan reports it
        }
        Path entry = dir.resolve(key + ".corpus");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            warn.accept("cannot create the corpus cache " + dir + " (" + e.getMessage() + "); scanning without it");
            return scan.run(IdStorage.standard());
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(key + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            if (Files.exists(entry)) {
                try {
                    return read(entry, segmentBytes);
                } catch (IOException | CorpusException | IllegalArgumentException e) {
                    warn.accept("the cached corpus " + entry + " is damaged (" + e.getMessage() + "); scanning again");
                }
            }
            Path tmp = dir.resolve(key + ".corpus.tmp");
            Writing w = new Writing(segmentBytes);
            Entry fresh = null;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                w.channel = ch;
                try {
                    fresh = scan.run(w);
                } catch (CorpusException e) {
                    if (w.writer == null || w.writer.failure() == null) {
                        Files.deleteIfExists(tmp);
                        throw e; // the corpus's fault, not the cache's
                    }
                    throw w.writer.failure();
                }
                write(ch, fresh, w.built == fresh.corpus().ids());
            } catch (IOException e) {
                warn.accept("cannot write the corpus cache " + entry + " (" + e.getMessage() + "); going on without it");
                Files.deleteIfExists(tmp);
                // ids mapped from the deleted file stay readable; ids the disk could not take are scanned again
                return fresh != null ? fresh : scan.run(IdStorage.standard());
            }
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return fresh; // its ids stay mapped from the renamed file
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            warn.accept("cannot lock the corpus cache " + dir + " (" + e.getMessage() + "); scanning without it");
            return scan.run(IdStorage.standard());
        }
    }

    /** The storage a scan writes its ids to: the id section of the entry being written. */
    private static final class Writing implements IdStorage {
        private final long segmentBytes;
        FileChannel channel;
        MappedIdSequence.FileWriter writer;
        IdSequence built;

        Writing(long segmentBytes) {
            this.segmentBytes = segmentBytes;
        }

        @Override
        public IdSequence.Writer open(int vocabSize, long length) throws CorpusException {
            if (writer != null) {
                throw new IllegalStateException("a cache entry holds one id sequence; the scan opened a second");
            }
            writer = new MappedIdSequence.FileWriter(channel, IDS_AT, vocabSize, length, segmentBytes, false);
            return new IdSequence.Writer() {
                @Override
                public void append(int id) throws CorpusException {
                    writer.append(id);
                }

                @Override
                public long length() {
                    return writer.length();
                }

                @Override
                public IdSequence build() throws CorpusException {
                    built = writer.build();
                    return built;
                }
            };
        }
    }

    static String key(List<Path> files, String how) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        StringBuilder s = new StringBuilder("v" + VERSION + "\n" + how + "\n");
        for (Path f : files) {
            s.append(f.toAbsolutePath()).append('\t').append(Files.size(f)).append('\t')
                    .append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        return HexFormat.of().formatHex(sha.digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes an entry to {@code file} (tests; {@link #getOrScan} streams its ids in as it scans). */
    static void write(Path file, Entry e) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            write(ch, e, false);
        }
    }

    /**
     * Writes the header, the ids unless {@code idsWritten} (the scan streamed them into their
     * section already), the rest, and the checksum of it all.
     */
    private static void write(FileChannel ch, Entry e, boolean idsWritten) throws IOException {
        Corpus c = e.corpus();
        Vocabulary v = c.vocab();
        IdSequence ids = c.ids();
        int width = IdSequence.width(v.size());
        ByteBuffer header = ByteBuffer.allocate(IDS_AT).putInt(MAGIC).putInt(VERSION).putInt(width).putInt(0)
                .putLong(ids.length()).flip();
        writeFully(ch, header, 0);
        long idsEnd = IDS_AT + ids.length() * width;
        if (!idsWritten) {
            ch.position(IDS_AT);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK));
            int[] buf = new int[CHUNK];
            for (long from = 0; from < ids.length(); from += CHUNK) {
                int n = (int) Math.min(CHUNK, ids.length() - from);
                ids.copyTo(from, buf, 0, n);
                for (int i = 0; i < n; i++) {
                    if (width == 1) {
                        out.writeByte(buf[i]);
                    } else if (width == 2) {
                        out.writeChar(buf[i]);
                    } else {
                        out.writeInt(buf[i]);
                    }
                }
            }
            out.flush();
        }
        ch.position(idsEnd);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), CHUNK));
        out.writeInt(v.units().ordinal());
        writeInts(out, v.values());
        out.writeInt(v.unknownId());
        writeInts(out, v.unknownCodePoints());
        long[] counts = v.unknownCounts();
        out.writeInt(counts.length);
        for (long n : counts) {
            out.writeLong(n);
        }
        out.writeLong(c.unknownFrom());
        out.writeInt(c.unknownAt().length);
        for (long at : c.unknownAt()) {
            out.writeLong(at);
        }
        writeInts(out, c.unknownCodePoints());
        List<CorpusFingerprint.File> files = c.fingerprint().files();
        out.writeInt(files.size());
        for (CorpusFingerprint.File f : files) {
            out.writeUTF(f.path());
            out.writeLong(f.bytes());
            out.writeLong(f.crc32c());
        }
        out.writeInt(e.skipped().size());
        for (String s : e.skipped()) {
            out.writeUTF(s.length() > 10_000 ? s.substring(0, 10_000) : s);
        }
        out.flush();
        long end = ch.position();
        writeFully(ch, ByteBuffer.allocate(8).putLong(crc(ch, end)).flip(), end);
        ch.truncate(end + 8);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            at += ch.write(b, at);
        }
    }

    /** The CRC-32C of the first {@code end} bytes, read (not mapped) so its pages do not join the process. */
    private static long crc(FileChannel ch, long end) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < end; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - at));
            int n = ch.read(buf, at);
            if (n < 0) {
                throw new EOFException();
            }
            buf.flip();
            crc.update(buf);
            at += n;
        }
        return crc.getValue();
    }

    static Entry read(Path file) throws IOException, CorpusException {
        return read(file, MappedIdSequence.SEGMENT_BYTES);
    }

    static Entry read(Path file, long segmentBytes) throws IOException, CorpusException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < IDS_AT + 8) {
                throw new IOException("it has " + size + " bytes, too few for a corpus cache file");
            }
            ByteBuffer stored = ByteBuffer.allocate(8);
            ch.read(stored, size - 8);
            long expected = crc(ch, size - 8);
            if (stored.flip().remaining() != 8 || stored.getLong() != expected) {
                throw new IOException("its checksum is not its content's");
            }
            ByteBuffer header = ByteBuffer.allocate(IDS_AT);
            ch.read(header, 0);
            header.flip();
            if (header.getInt() != MAGIC || header.getInt() != VERSION) {
                throw new IOException("not a corpus cache file of version " + VERSION);
            }
            int width = header.getInt();
            header.getInt();
            long length = header.getLong();
            if (width != 1 && width != 2 && width != 4) {
                throw new IOException("its ids are " + width + " bytes wide, not 1, 2 or 4");
            }
            if (length < 0 || length > (size - 8 - IDS_AT) / width) {
                throw new IOException(length + " ids of " + width + " bytes do not fit a file of " + size + " bytes");
            }
            long idsEnd = IDS_AT + length * width;
            ch.position(idsEnd);
            Bounded in = new Bounded(new DataInputStream(new BufferedInputStream(
                    new Limited(Channels.newInputStream(ch), size - 8 - idsEnd), CHUNK)), size);
            int unitsOrdinal = in.readInt();
            if (unitsOrdinal < 0 || unitsOrdinal >= Units.values().length) {
                throw new IOException("units " + unitsOrdinal + " is not one of " + Units.values().length);
            }
            Units units = Units.values()[unitsOrdinal];
            int[] values = in.readInts(4);
            int unkId = in.readInt();
            int[] unkCps = in.readInts(4);
            int nCounts = in.count(8);
            long[] counts = new long[nCounts];
            for (int i = 0; i < nCounts; i++) {
                counts[i] = in.in.readLong();
            }
            Vocabulary v;
            if (units == Units.BYTES) {
                v = Vocabulary.ofBytes(values);
            } else if (unkId < 0) {
                v = Vocabulary.of(values);
            } else {
                v = Vocabulary.withUnknown(java.util.Arrays.stream(values).filter(cp -> cp != Vocabulary.UNKNOWN).toArray())
                        .withUnknownCounts(unkCps, counts);
            }
            if (v.size() != values.length || v.unknownId() != unkId) {
                throw new IOException("its vocabulary does not read back as written");
            }
            if (IdSequence.width(v.size()) != width) {
                throw new IOException("its ids are " + width + " bytes wide, its vocabulary of " + v.size() + " needs "
                        + IdSequence.width(v.size()));
            }
            long unknownFrom = in.in.readLong();
            long[] at = new long[in.count(8)];
            for (int i = 0; i < at.length; i++) {
                at[i] = in.in.readLong();
            }
            int[] cps = in.readInts(4);
            int nFiles = in.count(18);
            List<CorpusFingerprint.File> files = new ArrayList<>();
            for (int i = 0; i < nFiles; i++) {
                files.add(new CorpusFingerprint.File(in.in.readUTF(), in.in.readLong(), in.in.readLong()));
            }
            int nSkipped = in.count(2);
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < nSkipped; i++) {
                skipped.add(in.in.readUTF());
            }
            if (in.in.read() != -1) {
                throw new IOException("it has bytes after its content");
            }
            IdSequence ids = MappedIdSequence.map(ch, IDS_AT, length, width, segmentBytes);
            int[] head = new int[(int) Math.min(length, 1 << 20)];
            ids.copyTo(0, head, 0, head.length);
            for (int i = 0; i < head.length; i++) {
                if (head[i] >= v.size()) {
                    throw new IOException("id " + head[i] + " at " + i + " is outside the vocabulary of " + v.size());
                }
            }
            return new Entry(new Corpus(v, ids, unknownFrom, at, cps, new CorpusFingerprint(files)), List.copyOf(skipped));
        } catch (EOFException e) {
            throw new IOException("it ends early", e);
        }
    }

    private static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        for (int x : a) {
            out.writeInt(x);
        }
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class Limited extends java.io.FilterInputStream {
        private long left;

        Limited(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Reads counts no larger than what the file could hold, so a damaged length never allocates much. */
    private static final class Bounded {
        final DataInputStream in;
        final long fileSize;

        Bounded(DataInputStream in, long fileSize) {
            this.in = in;
            this.fileSize = fileSize;
        }

        int readInt() throws IOException {
            return in.readInt();
        }

        /** A count of items of at least {@code bytesEach} bytes. */
        int count(int bytesEach) throws IOException {
            int n = in.readInt();
            if (n < 0 || (long) n * bytesEach > fileSize) {
                throw new IOException("a length of " + n + " does not fit a file of " + fileSize + " bytes");
            }
            return n;
        }

        int[] readInts(int bytesEach) throws IOException {
            int[] a = new int[count(bytesEach)];
            for (int i = 0; i < a.length; i++) {
                a[i] = in.readInt();
            }
            return a;
        }
    }
}
