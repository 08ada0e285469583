package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner's own contract, below CorpusReader (whose test covers the messages in depth): the
 * exact code points handed to the sink for every buffer size, the first-BOM rule, and a sink
 * failure stopping the scan as it is.
 */
class Utf8ScannerTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    private Path write(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        Path file = Files.createTempFile(dir, "scan", ".txt");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Integer> scan(Path file, int buffer) throws CorpusException {
        List<Integer> out = new ArrayList<>();
        new Utf8Scanner(buffer).scan(file, out::add);
        return out;
    }

    private static List<Integer> codePoints(String s) {
        return s.codePoints().boxed().toList();
    }

    @Test
    void handsOverTheCodePointsOfTheTextForEveryBufferSize() throws Exception {
        // 1-, 2-, 3- and 4-byte sequences, and surrogate pairs at every position modulo the buffer
        String text = "a😀b€😀😀é\r\n𝔸中c😀";
        Path file = write(utf8(text));
        for (int buffer = Utf8Scanner.MIN_BUFFER_SIZE; buffer <= 24; buffer++) {
            assertEquals(codePoints(text), scan(file, buffer), "buffer " + buffer);
        }
    }

    @Test
    void onlyTheFirstByteOrderMarkIsSkipped() throws Exception {
        assertEquals(codePoints("\uFEFFa"), scan(write(BOM, BOM, utf8("a")), 4));
        assertEquals(codePoints("a\uFEFF"), scan(write(utf8("a"), BOM), 4));
        assertEquals(List.of(), scan(write(BOM), 4));
        assertEquals(List.of(), scan(write(), 4));
    }

    @Test
    void aSinkFailureStopsTheScanAndIsRethrownAsItIs() throws Exception {
        Path file = write(utf8("abcdefgh"));
        CorpusException stop = new CorpusException("too many");
        List<Integer> seen = new ArrayList<>();
        CorpusException e = assertThrows(CorpusException.class, () -> new Utf8Scanner(4).scan(file, cp -> {
            if (seen.size() == 3) {
                throw stop;
            }
            seen.add(cp);
        }));
        assertSame(stop, e);
        assertEquals(codePoints("abc"), seen);
    }

    @Test
    void theLineOfABadByteCountsLineFeeds() throws Exception {
        Path file = write(utf8("a\r\nb\n\nc"), new byte[] {(byte) 0x80});
        String msg = assertThrows(CorpusException.class, () -> scan(file, 4)).getMessage();
        assertTrue(msg.contains("byte 0x80 at byte offset 7 (line 4)"), msg);
    }

    @Test
    void anUnreadableFileIsACorpusException() {
        Path missing = dir.resolve("missing.txt");
        String msg = assertThrows(CorpusException.class, () -> scan(missing, 8)).getMessage();
        assertTrue(msg.contains("could not read corpus " + missing), msg);
    }

    @Test
    void aBufferTooSmallForAFourByteSequenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Utf8Scanner(Utf8Scanner.MIN_BUFFER_SIZE - 1));
    }
}
