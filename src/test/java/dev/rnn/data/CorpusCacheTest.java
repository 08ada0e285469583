package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scanned corpus comes back from the cache whole; a changed file misses; a damaged entry is rebuilt with a warning. */
class CorpusCacheTest {
    @TempDir
    Path dir;

    private final AtomicInteger scans = new AtomicInteger();
    private final List<String> warnings = new ArrayList<>();

    private CorpusCache.Entry get(CorpusCache cache, List<Path> files, VocabularyPolicy policy) throws Exception {
        return cache.getOrScan(files, "policy " + policy, storage -> {
            scans.incrementAndGet();
            return new CorpusCache.Entry(CorpusReader.read(files, policy, 0.25, storage, ScanProgress.NONE),
                    List.of("skipped: none"));
        }, warnings::add);
    }

    @Test
    void aHitReturnsWhatTheScanMadeAndAChangedFileMisses() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "aaaabbbc😀x 𝔸");
        Path b = Files.writeString(dir.resolve("b.txt"), "ccbbaa\n中文");
        CorpusCache cache = new CorpusCache(dir.resolve("cache"));
        VocabularyPolicy policy = new VocabularyPolicy(4, 0);
        CorpusCache.Entry first = get(cache, List.of(a, b), policy);
        CorpusCache.Entry second = get(cache, List.of(a, b), policy);
        assertEquals(1, scans.get(), "the second start reads the cache");
        Corpus x = first.corpus();
        Corpus y = second.corpus();
        assertEquals(x.vocab(), y.vocab());
        assertTrue(y.vocab().unknownId() >= 0);
        assertArrayEquals(x.ids().toArray(), y.ids().toArray());
        assertEquals(x.fingerprint(), y.fingerprint());
        assertEquals(x.split(0.25).validationUnknown(), y.split(0.25).validationUnknown());
        assertEquals(List.of("skipped: none"), second.skipped());

        get(cache, List.of(a, b), VocabularyPolicy.ALL);
        assertEquals(2, scans.get(), "another policy is another entry");

        Files.writeString(b, "ccbbaa\n中文!");
        Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(b).toMillis() + 5000));
        CorpusCache.Entry changed = get(cache, List.of(a, b), policy);
        assertEquals(3, scans.get(), "a changed file is scanned again");
        assertEquals(x.ids().length() + 1, changed.corpus().ids().length());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aDamagedEntryIsRebuiltWithAWarningAndAByteCorpusRoundTrips() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "héllo 𝔸 wörld\n".repeat(50));
        Path cacheDir = dir.resolve("cache");
        CorpusCache cache = new CorpusCache(cacheDir);
        CorpusCache.Scan bytes = storage -> {
            scans.incrementAndGet();
            return new CorpusCache.Entry(CorpusReader.readBytes(List.of(a), storage, ScanProgress.NONE), List.of());
        };
        Corpus first = cache.getOrScan(List.of(a), "bytes", bytes, warnings::add).corpus();
        int[] firstIds = first.ids().toArray(); // read now: the ids are mapped from the entry damaged in place below
        Path entry;
        try (var s = Files.list(cacheDir)) {
            entry = s.filter(p -> p.toString().endsWith(".corpus")).findFirst().orElseThrow();
        }
        byte[] raw = Files.readAllBytes(entry);
        raw[raw.length / 2] ^= 0x5A;
        Files.write(entry, raw);
        Corpus again = cache.getOrScan(List.of(a), "bytes", bytes, warnings::add).corpus();
        assertEquals(2, scans.get());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("is damaged") && warnings.get(0).contains("scanning again"), warnings.get(0));
        assertArrayEquals(firstIds, again.ids().toArray());
        // rebuilt: the next start hits
        Corpus third = cache.getOrScan(List.of(a), "bytes", bytes, warnings::add).corpus();
        assertEquals(2, scans.get());
        assertEquals(Units.BYTES, third.vocab().units());
        assertEquals("héllo 𝔸 wörld\n".repeat(50), third.vocab().decode(third.ids().toArray()));

        // a truncated entry and a huge length are damage too, never a large allocation
        Files.write(entry, java.util.Arrays.copyOf(Files.readAllBytes(entry), 40));
        cache.getOrScan(List.of(a), "bytes", bytes, warnings::add);
        assertEquals(3, scans.get());
        assertEquals(2, warnings.size());
    }

    @Test
    void anUnwritableCacheMeansNoCacheAndTheScanGoesOn() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "some text here");
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        CorpusCache cache = new CorpusCache(notADir.resolve("rnn"));
        CorpusCache.Entry e = get(cache, List.of(a), VocabularyPolicy.ALL);
        assertEquals(14, e.corpus().ids().length());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("scanning without it"), warnings.get(0));
    }

    @Test
    void idsWiderThanAByteRoundTrip() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            sb.appendCodePoint(0x4E00 + (i * 7919) % 400); // 400 distinct CJK characters: two bytes per id
        }
        Path a = Files.writeString(dir.resolve("cjk.txt"), sb.toString());
        CorpusCache cache = new CorpusCache(dir.resolve("cache"));
        Corpus first = get(cache, List.of(a), VocabularyPolicy.ALL).corpus();
        Corpus second = get(cache, List.of(a), VocabularyPolicy.ALL).corpus();
        assertEquals(1, scans.get());
        assertEquals(400, second.vocab().size());
        assertArrayEquals(first.ids().toArray(), second.ids().toArray());
        assertEquals(sb.toString(), second.vocab().decode(second.ids().toArray()));
    }

    @Test
    void theScanStreamsItsIdsIntoTheEntryAndAHitMapsThemAcrossSmallSegments() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.appendCodePoint(i % 5 == 0 ? 0x4E00 + (i / 5) % 300 : 'a' + i % 26); // over 256 characters: 2 bytes per id
        }
        Path a = Files.writeString(dir.resolve("a.txt"), sb.toString());
        CorpusCache cache = new CorpusCache(dir.resolve("cache"), 64); // 32 ids per segment
        Corpus first = get(cache, List.of(a), VocabularyPolicy.ALL).corpus();
        Corpus second = get(cache, List.of(a), VocabularyPolicy.ALL).corpus();
        assertEquals(1, scans.get());
        MappedIdSequence streamed = assertInstanceOf(MappedIdSequence.class, first.ids(), "the scan wrote into the entry");
        MappedIdSequence hit = assertInstanceOf(MappedIdSequence.class, second.ids());
        assertEquals(2000 * 2 / 64 + 1, hit.segmentCount());
        assertEquals(streamed.segmentCount(), hit.segmentCount());
        int[] heap = CorpusReader.read(List.of(a), VocabularyPolicy.ALL, 0.25).ids().toArray();
        assertArrayEquals(heap, first.ids().toArray());
        assertArrayEquals(heap, second.ids().toArray());
        assertEquals(sb.toString(), second.vocab().decode(second.ids().toArray()));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary file is left");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void anEntryOfAnotherVersionIsDamageNotAnAllocation() throws Exception {
        Path old = dir.resolve("old.corpus");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64).putInt(0x524E4E43).putInt(1).putInt(1);
        Files.write(old, b.array());
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> CorpusCache.read(old));
        assertTrue(e.getMessage().contains("checksum") || e.getMessage().contains("version 2"), e.getMessage());
    }

    @Test
    void aWrittenEntryReadsBackWithItsLongPositions() throws Exception {
        Corpus c = new Corpus(Vocabulary.withUnknown(new int[] {'a', 'b'}), IdSequence.of(new int[] {1, 2, 0, 1, 0}, 3), 3,
                new long[] {(1L << 33) + 1}, new int[] {'z'}, new CorpusFingerprint(List.of()));
        Path f = dir.resolve("e.corpus");
        CorpusCache.write(f, new CorpusCache.Entry(c, List.of()));
        Corpus back = CorpusCache.read(f).corpus();
        assertArrayEquals(new long[] {(1L << 33) + 1}, back.unknownAt(), "positions past 2^31 survive");
        assertEquals(3, back.unknownFrom());
        assertArrayEquals(new int[] {1, 2, 0, 1, 0}, back.ids().toArray());
    }
}
