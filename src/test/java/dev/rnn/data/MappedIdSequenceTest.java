package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapped ids read exactly as heap ids: across segment boundaries, at every width, and past 2^31. */
class MappedIdSequenceTest {
    @TempDir
    Path dir;

    /** Writes {@code ids} through a {@link MappedIdSequence.FileWriter} into segments of {@code segmentBytes}. */
    private IdSequence mapped(int[] ids, int vocab, long segmentBytes) throws Exception {
        Path f = Files.createTempFile(dir, "ids", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedIdSequence.FileWriter w = new MappedIdSequence.FileWriter(ch, 8, vocab, ids.length, segmentBytes, false);
            for (int id : ids) {
                w.append(id);
            }
            assertEquals(ids.length, w.length());
            return w.build();
        }
    }

    private static int[] ids(int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) ((i * 2_654_435_761L) % vocab);
        }
        ids[n - 1] = vocab - 1; // the largest id reads back unsigned
        return ids;
    }

    @Test
    void everyRangeAcrossSegmentBoundariesReadsAsTheHeapCopyAtEachWidth() throws Exception {
        for (int vocab : new int[] {256, 65_536, 70_000}) {
            int[] ids = ids(101, vocab);
            IdSequence heap = IdSequence.of(ids, vocab);
            IdSequence m = mapped(ids, vocab, 16); // 16, 8 or 4 ids per segment
            MappedIdSequence mm = assertInstanceOf(MappedIdSequence.class, m);
            int width = IdSequence.width(vocab);
            assertEquals((101 * width + 15) / 16, mm.segmentCount(), "vocab " + vocab);
            assertEquals(101, m.length());
            assertArrayEquals(ids, m.toArray(), "vocab " + vocab);
            for (int i = 0; i < ids.length; i++) {
                assertEquals(ids[i], m.get(i));
            }
            for (int from = 0; from < ids.length; from += 3) {
                for (int len = 0; from + len <= ids.length; len += 5) {
                    int[] a = new int[len + 2];
                    int[] b = new int[len + 2];
                    heap.copyTo(from, a, 1, len);
                    m.copyTo(from, b, 1, len);
                    assertArrayEquals(a, b, "vocab " + vocab + " from " + from + " len " + len);
                }
            }
            IdSequence slice = m.slice(13, 77).slice(2, 50);
            assertInstanceOf(MappedIdSequence.class, slice);
            assertArrayEquals(heap.slice(15, 63).toArray(), slice.toArray());
            assertThrows(IndexOutOfBoundsException.class, () -> slice.get(48));
            assertThrows(IndexOutOfBoundsException.class, () -> slice.copyTo(40, new int[10], 0, 9));
        }
    }

    @Test
    void theWriterRefusesIdsOutsideTheVocabularyAndMoreThanAnnounced() throws Exception {
        Path f = dir.resolve("w.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedIdSequence.FileWriter w = new MappedIdSequence.FileWriter(ch, 0, 5, 2, 16, false);
            String msg = assertThrows(IllegalArgumentException.class, () -> w.append(5)).getMessage();
            assertTrue(msg.contains("id 5 at index 0 is out of range [0, 5)"), msg);
            w.append(4);
            w.append(0);
            assertThrows(IllegalStateException.class, () -> w.append(1));
            assertArrayEquals(new int[] {4, 0}, w.build().toArray());
        }
    }

    @Test
    void aSegmentSizeThatWouldSplitAnIdIsRefused() throws Exception {
        Path f = Files.write(dir.resolve("s.bin"), new byte[64]);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            assertThrows(IllegalArgumentException.class, () -> MappedIdSequence.map(ch, 0, 16, 4, 10));
            String msg = assertThrows(java.io.IOException.class, () -> MappedIdSequence.map(ch, 0, 17, 4, 16)).getMessage();
            assertTrue(msg.contains("do not fit a file of 64 bytes"), msg);
        }
    }

    /**
     * A sparse file of 2^31 + 64 one-byte ids (no disk blocks but the few written), mapped in the
     * real 1 GiB segments: positions past 2^31 read, copy, slice, split and batch as longs.
     */
    @Test
    void positionsPastTwoToTheThirtyFirstWork() throws Exception {
        long n = (1L << 31) + 64;
        long far = (1L << 31) + 10; // past Integer.MAX_VALUE, in the third segment
        Path f = dir.resolve("sparse.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.SPARSE,
                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] marks = new byte[20];
            for (int i = 0; i < marks.length; i++) {
                marks[i] = (byte) (i + 1);
            }
            ch.write(ByteBuffer.wrap(marks), far - 10); // ids 1..20 at [2^31, 2^31 + 20)
            ch.write(ByteBuffer.wrap(new byte[] {(byte) 200}), (1L << 30) - 1); // the last id of segment 0
            ch.write(ByteBuffer.wrap(new byte[] {0}), n - 1);
            MappedIdSequence ids = MappedIdSequence.map(ch, 0, n, 1, MappedIdSequence.SEGMENT_BYTES);
            assertEquals(3, ids.segmentCount());
            assertEquals(n, ids.length());
            assertEquals(11, ids.get(far));
            assertEquals(200, ids.get((1L << 30) - 1));
            int[] dst = new int[6];
            ids.copyTo((1L << 30) - 3, dst, 0, 6); // across the first segment boundary
            assertArrayEquals(new int[] {0, 0, 200, 0, 0, 0}, dst);
            ids.copyTo((1L << 31) - 2, dst, 0, 6); // across 2^31, the second boundary
            assertArrayEquals(new int[] {0, 0, 1, 2, 3, 4}, dst);
            IdSequence tail = ids.slice(far, n);
            assertEquals(n - far, tail.length());
            assertEquals(11, tail.get(0));

            Corpus corpus = new Corpus(Vocabulary.ofBytes(java.util.stream.IntStream.range(0, 256).toArray()), ids);
            Split split = corpus.split(0.5, 1000);
            assertEquals(n - Math.round(0.5 * n), split.train().length());
            assertEquals(1000, split.validation().length());

            // the validation scored from past 2^31: a slice starting at 2^31
            EvalStreams eval = new EvalStreams(ids.slice(1L << 31, (1L << 31) + 21), 2, 8);
            int[] in = new int[16];
            int[] out = new int[16];
            assertEquals(16, eval.next(in, out));
            assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18}, in);
            assertEquals(20, eval.predictions());

            // batch 3, T = 1: stream 2 starts at 2 * streamLen ~ 1.43e9; seek to where it reads past 2^31
            BatchStreams batches = new BatchStreams(ids, 3, 1);
            long streamLen = (n - 1) / 3;
            assertEquals(streamLen, batches.chunksPerEpoch());
            long chunk = far - 2 * streamLen;
            batches.seek(0, chunk);
            int[] inputs = new int[3];
            int[] targets = new int[3];
            batches.next(inputs, targets);
            assertEquals(11, inputs[2]);
            assertEquals(12, targets[2]);
            assertEquals(chunk + 1, batches.chunk());
        }
    }

    @Test
    void aScanWithATemporaryFileGivesTheIdsOfTheHeapScan() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            sb.appendCodePoint(i % 2 == 0 ? 0x4E00 + (i / 2) % 300 : 'a' + i % 26); // 276 characters: 2 bytes per id
        }
        Path text = Files.writeString(dir.resolve("t.txt"), sb.toString());
        Corpus heap = new CorpusReader(64, CorpusReader.MAX_LENGTH, IdStorage.heapUpTo(Long.MAX_VALUE, 64),
                ScanProgress.NONE).readCorpus(text);
        // nothing fits the heap: the ids go to a temporary file, mapped in 64-byte segments
        Corpus file = new CorpusReader(64, CorpusReader.MAX_LENGTH, IdStorage.heapUpTo(0, 64), ScanProgress.NONE)
                .readCorpus(text);
        assertInstanceOf(CharIdSequence.class, heap.ids());
        MappedIdSequence m = assertInstanceOf(MappedIdSequence.class, file.ids());
        assertTrue(m.segmentCount() > 10, "segments: " + m.segmentCount());
        assertEquals(heap.vocab(), file.vocab());
        assertArrayEquals(heap.ids().toArray(), file.ids().toArray());
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("rnn-ids-")
                    && p.toFile().lastModified() > System.currentTimeMillis() - 60_000), "the temporary file is unlinked at once");
        }
    }

    @Test
    void aScanTellsItsProgressInBytesForEachPass() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "héllo wörld\n".repeat(40));
        Path b = Files.writeString(dir.resolve("b.txt"), "more text");
        long total = Files.size(a) + Files.size(b);
        List<String> events = new ArrayList<>();
        long[] bytes = new long[1];
        ScanProgress p = new ScanProgress() {
            @Override
            public void begin(String pass, long totalBytes) {
                events.add(pass + " " + totalBytes);
                bytes[0] = 0;
            }

            @Override
            public void advance(long n) {
                bytes[0] += n;
            }

            @Override
            public void end() {
                events.add("end " + bytes[0]);
            }
        };
        CorpusReader.read(List.of(a, b), VocabularyPolicy.ALL, 0.1, IdStorage.standard(), p);
        assertEquals(List.of("counting " + total, "end " + total, "encoding " + total, "end " + total), events);
    }
}
