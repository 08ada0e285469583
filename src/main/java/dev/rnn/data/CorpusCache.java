package dev.rnn.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Scanned corpora (vocabulary, ids, unknown characters, fingerprint) kept on disk so that a second
 * start or a resume does not scan the text again. An entry is named by a SHA-256 of the files'
 * paths, sizes and modification times and of how the corpus was read (units, vocabulary policy,
 * validation fraction); its content ends with a CRC-32C of everything before it. It is written to
 * a temporary file and renamed, under a lock file, so that runs started together scan once. A
 * corrupt entry is rebuilt with a warning; an entry that cannot be written (a full disk) is
 * skipped with a warning and the run goes on. Every size read is bounded by the file's own size.
 */
public final class CorpusCache {
    private static final int MAGIC = 0x524E4E43; // "RNNC"
    private static final int VERSION = 1;
    private static final int CHUNK = 1 << 16;

    private final Path dir;

    public CorpusCache(Path dir) {
        this.dir = dir;
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

    /** Scans the files into an {@link Entry}. */
    public interface Scan {
        Entry run() throws CorpusException;
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
            return scan.run(); // a file that cannot be stat'ed: the scan reports it
        }
        Path entry = dir.resolve(key + ".corpus");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            warn.accept("cannot create the corpus cache " + dir + " (" + e.getMessage() + "); scanning without it");
            return scan.run();
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(key + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
            if (Files.exists(entry)) {
                try {
                    return read(entry);
                } catch (IOException | CorpusException | IllegalArgumentException e) {
                    warn.accept("the cached corpus " + entry + " is damaged (" + e.getMessage() + "); scanning again");
                }
            }
            Entry fresh = scan.run();
            Path tmp = dir.resolve(key + ".corpus.tmp");
            try {
                write(tmp, fresh);
                Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                warn.accept("cannot write the corpus cache " + entry + " (" + e.getMessage() + "); going on without it");
                Files.deleteIfExists(tmp);
            }
            return fresh;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            warn.accept("cannot lock the corpus cache " + dir + " (" + e.getMessage() + "); scanning without it");
            return scan.run();
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

    static void write(Path file, Entry e) throws IOException {
        CRC32C crc = new CRC32C();
        try (OutputStream raw = Files.newOutputStream(file)) {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), CHUNK));
            Corpus c = e.corpus();
            Vocabulary v = c.vocab();
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(v.units().ordinal());
            writeInts(out, v.values());
            out.writeInt(v.unknownId());
            writeInts(out, v.unknownCodePoints());
            long[] counts = v.unknownCounts();
            out.writeInt(counts.length);
            for (long n : counts) {
                out.writeLong(n);
            }
            IdSequence ids = c.ids();
            int width = width(v.size());
            out.writeInt(ids.length());
            int[] buf = new int[CHUNK];
            for (int from = 0; from < ids.length(); from += CHUNK) {
                int n = Math.min(CHUNK, ids.length() - from);
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
            out.writeInt(c.unknownFrom());
            writeInts(out, c.unknownAt());
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
            new DataOutputStream(raw).writeLong(crc.getValue());
        }
    }

    static Entry read(Path file) throws IOException, CorpusException {
        long size = Files.size(file);
        if (size < 16) {
            throw new IOException("it has " + size + " bytes, too few for a corpus cache file");
        }
        CRC32C crc = new CRC32C();
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream content = new Limited(raw, size - 8); // the last 8 bytes are the checksum
            Bounded in = new Bounded(new DataInputStream(new BufferedInputStream(new CheckedInputStream(content, crc),
                    CHUNK)), size);
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a corpus cache file of version " + VERSION);
            }
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
            int width = width(v.size());
            int length = in.count(width);
            IdSequence ids;
            if (width == 1) {
                byte[] b = new byte[length];
                in.in.readFully(b);
                ids = new ByteIdSequence(b, 0, length);
            } else if (width == 2) {
                char[] ch = new char[length];
                byte[] buf = new byte[2 * CHUNK];
                for (int from = 0; from < length; from += CHUNK) {
                    int n = Math.min(CHUNK, length - from);
                    in.in.readFully(buf, 0, 2 * n);
                    java.nio.ByteBuffer.wrap(buf, 0, 2 * n).asCharBuffer().get(ch, from, n); // big-endian, as writeChar
                }
                ids = new CharIdSequence(ch, 0, length);
            } else {
                int[] a = new int[length];
                byte[] buf = new byte[4 * CHUNK];
                for (int from = 0; from < length; from += CHUNK) {
                    int n = Math.min(CHUNK, length - from);
                    in.in.readFully(buf, 0, 4 * n);
                    java.nio.ByteBuffer.wrap(buf, 0, 4 * n).asIntBuffer().get(a, from, n);
                }
                ids = new IntIdSequence(a, 0, length);
            }
            int unknownFrom = in.readInt();
            int[] at = in.readInts(4);
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
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            if (stored != expected) {
                throw new IOException("its checksum is " + Long.toHexString(stored) + ", its content's "
                        + Long.toHexString(expected));
            }
            for (int i = 0; i < Math.min(length, 1 << 20); i++) {
                if (ids.get(i) >= v.size()) {
                    throw new IOException("id " + ids.get(i) + " at " + i + " is outside the vocabulary of " + v.size());
                }
            }
            return new Entry(new Corpus(v, ids, unknownFrom, at, cps, new CorpusFingerprint(files)), List.copyOf(skipped));
        } catch (EOFException e) {
            throw new IOException("it ends early", e);
        }
    }

    private static int width(int vocabSize) {
        return vocabSize <= IdSequence.MAX_BYTE_VOCAB ? 1 : vocabSize <= IdSequence.MAX_CHAR_VOCAB ? 2 : 4;
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
