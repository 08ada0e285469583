package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corpus's fingerprint names the first file that differs: added, gone, renamed, resized or rewritten. */
class CorpusFingerprintTest {
    private static final CorpusFingerprint.File A = new CorpusFingerprint.File("/c/a.txt", 10, 111);
    private static final CorpusFingerprint.File B = new CorpusFingerprint.File("/c/b.txt", 20, 222);

    @Test
    void namesTheFirstFileThatDiffers() {
        CorpusFingerprint f = new CorpusFingerprint(List.of(A, B));
        assertNull(f.difference(new CorpusFingerprint(List.of(A, B))));
        assertEquals("the file /c/b.txt is no longer part of it", f.difference(new CorpusFingerprint(List.of(A))));
        assertEquals("the file /c/b.txt was added to it", new CorpusFingerprint(List.of(A)).difference(f));
        assertEquals("its file 1 was /c/a.txt and is now /c/b.txt", f.difference(new CorpusFingerprint(List.of(B, A))));
        assertEquals("the file /c/b.txt had 20 bytes and has 10",
                f.difference(new CorpusFingerprint(List.of(A, new CorpusFingerprint.File("/c/b.txt", 10, 222)))));
        assertEquals("the file /c/b.txt has the same size but different content",
                f.difference(new CorpusFingerprint(List.of(A, new CorpusFingerprint.File("/c/b.txt", 20, 333)))));
    }

    @Test
    void theReaderFingerprintsEachFileByItsBytes(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "abc");
        Path b = Files.writeString(dir.resolve("b.txt"), "xyz");
        CorpusFingerprint f = CorpusReader.read(List.of(a, b), VocabularyPolicy.ALL, 0.1).fingerprint();
        assertEquals(2, f.files().size());
        assertEquals(a.toString(), f.files().get(0).path());
        assertEquals(3, f.files().get(0).bytes());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(crc.getValue(), f.files().get(0).crc32c());
        Files.writeString(b, "zyx"); // same size, reversed
        CorpusFingerprint g = CorpusReader.readBytes(List.of(a, b)).fingerprint();
        assertEquals("the file " + b + " has the same size but different content", f.difference(g));
    }
}
