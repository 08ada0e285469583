package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {

    private static final String ASTRAL = "First line: héllo 𝔸!\n中文字 and 😀😀 then ∑ω.\nlast";

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String decode(Corpus c) {
        return c.vocab().decode(c.ids().toArray());
    }

    private CorpusException readFails(Path file, int bufferSize) {
        CorpusException e = assertThrows(CorpusException.class,
                () -> new CorpusReader(bufferSize, CorpusReader.MAX_LENGTH).readCorpus(file));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void readsTextIntoVocabularyAndIds() throws Exception {
        Corpus c = CorpusReader.read(write("a.txt", "abracadabra"));
        assertEquals(List.of("a", "b", "c", "d", "r"), c.vocab().symbols());
        assertEquals(11, c.ids().length());
        assertArrayEquals(new int[] {0, 1, 4, 0, 2, 0, 3, 0, 1, 4, 0}, c.ids().toArray());
        assertInstanceOf(ByteIdSequence.class, c.ids());
    }

    @Test
    void astralTextRoundTripsWhereverTheBufferBoundariesFall() throws Exception {
        Path file = write("astral.txt", ASTRAL);
        for (int buffer = Utf8Scanner.MIN_BUFFER_SIZE; buffer <= 13; buffer++) {
            Corpus c = new CorpusReader(buffer, CorpusReader.MAX_LENGTH).readCorpus(file);
            assertEquals(ASTRAL, decode(c), "buffer " + buffer);
            assertEquals(ASTRAL.codePointCount(0, ASTRAL.length()), c.ids().length());
        }
        assertEquals(ASTRAL, decode(CorpusReader.read(file)));
    }

    @Test
    void aLeadingByteOrderMarkIsSkippedButNotOneInsideTheText() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Corpus c = CorpusReader.read(write("bom.txt", concat(bom, utf8("ab\uFEFFa"))));
        assertEquals("ab\uFEFFa", decode(c));
        assertEquals(3, c.vocab().size());
        Corpus plain = CorpusReader.read(write("bom2.txt", concat(bom, utf8("ba"))));
        assertEquals("ba", decode(plain));
        assertEquals(-1, plain.vocab().id(0xFEFF));
    }

    @Test
    void aFileHoldingOnlyAByteOrderMarkIsRejected() throws Exception {
        Path file = write("bom.txt", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        assertTrue(readFails(file, 64).getMessage().contains("byte order mark"));
    }

    @Test
    void missingEmptyAndDirectoryCorporaGiveOneLineErrors() throws Exception {
        Path missing = dir.resolve("nope.txt");
        String msg = readFails(missing, 64).getMessage();
        assertEquals("corpus " + missing + " does not exist; check the path", msg);
        assertTrue(readFails(write("empty.txt", new byte[0]), 64).getMessage().contains("is empty"));
        assertTrue(readFails(dir, 64).getMessage().contains("is a directory"));
    }

    @Test
    void invalidUtf8GivesTheByteOffsetTheBadByteAndTheFix() throws Exception {
        Path file = write("latin1.txt", concat(utf8("ab"), new byte[] {(byte) 0xE9}, utf8("cd")));
        String msg = readFails(file, 64).getMessage();
        assertTrue(msg.contains("not valid UTF-8"), msg);
        assertTrue(msg.contains("byte 0xE9 at byte offset 2 (line 1)"), msg);
        assertTrue(msg.contains("iconv"), msg);
        assertTrue(msg.contains(file.toString()), msg);
    }

    @Test
    void theOffsetIsExactWhenTheBadByteCrossesABufferBoundary() throws Exception {
        // 'é' (2 bytes) and '中' (3 bytes) before the bad byte so sequences straddle buffers
        byte[] prefix = utf8("é中x\nyé");
        for (int pad = 0; pad < 6; pad++) {
            byte[] head = concat(utf8("a".repeat(pad)), prefix);
            Path file = write("bad" + pad + ".txt", concat(head, new byte[] {(byte) 0xFF}, utf8("tail")));
            for (int buffer = Utf8Scanner.MIN_BUFFER_SIZE; buffer <= 9; buffer++) {
                String msg = readFails(file, buffer).getMessage();
                assertTrue(msg.contains("byte 0xFF at byte offset " + head.length + " (line 2)"),
                        "pad " + pad + " buffer " + buffer + ": " + msg);
            }
        }
    }

    @Test
    void aTruncatedSequenceSplitAcrossBuffersIsReportedAtItsFirstByte() throws Exception {
        // E4 B8 starts '中' (E4 B8 AD) but '(' follows; with buffer 4 the E4 ends the first read
        Path file = write("cut.txt", concat(utf8("abc"), new byte[] {(byte) 0xE4, (byte) 0xB8}, utf8("(z")));
        for (int buffer = Utf8Scanner.MIN_BUFFER_SIZE; buffer <= 8; buffer++) {
            String msg = readFails(file, buffer).getMessage();
            assertTrue(msg.contains("0xE4 0xB8 at byte offset 3"), "buffer " + buffer + ": " + msg);
        }
    }

    @Test
    void aSequenceCutOffByTheEndOfTheFileIsReported() throws Exception {
        Path file = write("end.txt", concat(utf8("abcde"), new byte[] {(byte) 0xF0, (byte) 0x9F}));
        for (int buffer = Utf8Scanner.MIN_BUFFER_SIZE; buffer <= 8; buffer++) {
            String msg = readFails(file, buffer).getMessage();
            assertTrue(msg.contains("at byte offset 5"), "buffer " + buffer + ": " + msg);
            assertTrue(msg.contains("0xF0"), msg);
        }
    }

    @Test
    void overlongAndSurrogateEncodingsAreRejected() throws Exception {
        Path overlong = write("overlong.txt", concat(utf8("a"), new byte[] {(byte) 0xC0, (byte) 0xAF}));
        assertTrue(readFails(overlong, 64).getMessage().contains("byte offset 1"));
        Path surrogate = write("surrogate.txt",
                concat(utf8("ab"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        assertTrue(readFails(surrogate, 64).getMessage().contains("0xED"));
    }

    @Test
    void moreCodePointsThanTheLimitFailsClearly() throws Exception {
        Path file = write("long.txt", "ab😀de"); // 5 code points, 8 bytes
        assertEquals(5, new CorpusReader(4, 5).readCorpus(file).ids().length());
        CorpusException e = assertThrows(CorpusException.class,
                () -> new CorpusReader(4, 4).readCorpus(file));
        assertTrue(e.getMessage().contains("more than 4 characters"), e.getMessage());
    }

    @Test
    void encodeUsesTheGivenVocabulary() throws Exception {
        Vocabulary vocab = Vocabulary.of("abcdefgh😀 ".codePoints().toArray());
        IdSequence ids = CorpusReader.encode(write("score.txt", "cab 😀 head"), vocab);
        assertEquals("cab 😀 head", vocab.decode(ids.toArray()));
    }

    @Test
    void encodeNamesTheCharactersTheModelLacks() throws Exception {
        Vocabulary vocab = Vocabulary.of("abc".codePoints().toArray());
        Path file = write("score.txt", "abcé𝔸a");
        CorpusException e = assertThrows(CorpusException.class,
                () -> new CorpusReader(4, CorpusReader.MAX_LENGTH).encodeWith(file, vocab));
        String msg = e.getMessage();
        assertTrue(msg.contains("'é' (U+00E9)") && msg.contains("'𝔸' (U+1D538)"), msg);
        assertTrue(msg.contains("2 distinct characters"), msg);
        assertTrue(msg.contains("model's vocabulary"), msg);
        assertFalse(msg.contains("\n"), msg);
        UnknownCharactersException cause = assertInstanceOf(UnknownCharactersException.class, e.getCause());
        assertEquals(List.of(0xE9, 0x1D538), cause.unknownCodePoints());
    }

    @Test
    void encodeReportsInvalidUtf8AndMissingFilesToo() throws Exception {
        Vocabulary vocab = Vocabulary.of("abc".codePoints().toArray());
        Path bad = write("bad.txt", concat(utf8("abc"), new byte[] {(byte) 0x80}));
        String msg = assertThrows(CorpusException.class, () -> CorpusReader.encode(bad, vocab)).getMessage();
        assertTrue(msg.contains("byte offset 3"), msg);
        assertThrows(CorpusException.class, () -> CorpusReader.encode(dir.resolve("none"), vocab));
    }

    @Test
    void aVocabularyPolicyMapsRareCharactersToTheUnknownIdAndCountsThemInTheTrainingHeadOnly() throws Exception {
        // 20 characters: the head (16) has x twice and y once; the validation tail (4) has z, y and x
        Path file = write("rare.txt", "aaaaxabbbybxbbba" + "azyx");
        Corpus c = CorpusReader.read(file, new VocabularyPolicy(3, 0), 0.2);
        assertEquals(List.of("a", "b", "\uFFFD"), c.vocab().symbols());
        assertEquals("aaaa\uFFFDabbb\uFFFDb\uFFFDbbba" + "a\uFFFD\uFFFD\uFFFD", decode(c));
        assertArrayEquals(new int[] {'x', 'y'}, c.vocab().unknownCodePoints());
        assertArrayEquals(new long[] {2, 1}, c.vocab().unknownCounts());
        Split s = c.split(0.2);
        assertEquals(16, s.train().length());
        // z (never seen in training) + y + x: -log q of each, q = count / 4 with 1/4 for the unseen
        Vocabulary v = c.vocab();
        assertEquals(3, s.validationUnknown().chars());
        assertEquals(v.unknownNats('z') + Math.log(4) + Math.log(4.0 / 2), s.validationUnknown().nats(), 1e-12);
        // scoring only the first 2 characters of the tail predicts one: z
        Split first = c.split(0.2, 2);
        assertEquals(1, first.validationUnknown().chars());
        assertEquals(v.unknownNats('z'), first.validationUnknown().nats(), 1e-12);
    }

    @Test
    void scoringWithAModelsVocabularyTalliesUnknownCharactersAfterTheFirst() throws Exception {
        Vocabulary v = Vocabulary.withUnknown(new int[] {'a', 'b'}).withUnknownCounts(new int[] {'x'}, new long[] {3});
        Path file = write("score.txt", "xabxqa");
        CorpusReader.ScoredText t = CorpusReader.encodeForScoring(file, v);
        assertArrayEquals(new int[] {2, 0, 1, 2, 2, 0}, t.ids().toArray());
        assertEquals(2, t.unknown().chars(), "the first x is not predicted");
        assertEquals(v.unknownNats('x') + v.unknownNats('q'), t.unknown().nats(), 1e-12);
        CorpusException e = assertThrows(CorpusException.class,
                () -> CorpusReader.encodeForScoring(file, Vocabulary.of(new int[] {'a', 'b'})));
        assertTrue(e.getMessage().contains("not in the model's vocabulary"), e.getMessage());
    }

    @Test
    void aByteCorpusIsTheUtf8BytesOfItsText() throws Exception {
        Path file = write("astral.txt", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(ASTRAL)));
        Corpus c = CorpusReader.readBytes(file);
        byte[] expected = utf8(ASTRAL); // the byte order mark is not text
        assertEquals(expected.length, c.ids().length());
        assertEquals(Units.BYTES, c.vocab().units());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i] & 0xFF, c.vocab().codePoint(c.ids().get(i)), "byte " + i);
        }
        assertEquals(ASTRAL, c.vocab().decode(c.ids().toArray()));
        // bytes are validated as text first: a bad byte is named with its offset
        Path bad = write("bad.txt", concat(utf8("ok"), new byte[] {(byte) 0xFF}));
        CorpusException e = assertThrows(CorpusException.class, () -> CorpusReader.readBytes(bad));
        assertTrue(e.getMessage().contains("byte offset 2"), e.getMessage());
        CorpusReader.ScoredText t = CorpusReader.encodeForScoring(file, c.vocab());
        assertEquals(ASTRAL.codePointCount(0, ASTRAL.length()), t.characters());
        assertEquals(expected.length, t.ids().length());
    }

    @Test
    void replacementCharactersInTheTextCountAsUnknown() throws Exception {
        Path file = write("fffd.txt", "aab\uFFFDaab\uFFFDzaab" + "aab\uFFFD");
        Corpus c = CorpusReader.read(file, new VocabularyPolicy(3, 0), 0.2);
        assertEquals(List.of("a", "b", "\uFFFD"), c.vocab().symbols());
        assertArrayEquals(new int[] {'z', 0xFFFD}, c.vocab().unknownCodePoints());
        assertArrayEquals(new long[] {1, 2}, c.vocab().unknownCounts());
        assertEquals(c.vocab().unknownNats(0xFFFD), c.split(0.2).validationUnknown().nats(), 1e-12);
    }
}
