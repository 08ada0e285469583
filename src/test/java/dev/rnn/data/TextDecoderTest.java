package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Bytes back to text: complete sequences become characters, an incomplete one is held back, a bad byte is U+FFFD. */
class TextDecoderTest {
    private static final Vocabulary ALL_BYTES = Vocabulary.ofBytes(IntStream.range(0, 256).toArray());
    private static final String ASTRAL = "a𝔸é中😀\n";

    private static String decode(byte[] bytes) {
        TextDecoder d = ALL_BYTES.newDecoder();
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            d.append(b & 0xFF, sb); // with all 256 values, id == byte value
        }
        return sb.toString();
    }

    @Test
    void astralTextComesBackWhole() {
        assertEquals(ASTRAL, decode(ASTRAL.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anIncompleteSequenceAtTheEndIsHeldBack() {
        byte[] full = "x😀".getBytes(StandardCharsets.UTF_8); // 1 + 4 bytes
        for (int cut = 2; cut < full.length; cut++) {
            TextDecoder d = ALL_BYTES.newDecoder();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cut; i++) {
                d.append(full[i] & 0xFF, sb);
            }
            assertEquals("x", sb.toString(), "after " + cut + " bytes");
            assertEquals(cut - 1, d.pendingBytes());
        }
    }

    @Test
    void badBytesBecomeTheReplacementCharacterAndDecodingResumes() {
        // a lone continuation byte; a 3-byte lead cut short by 'b'; an overlong lead C0; a surrogate ED A0 80
        byte[] bytes = {(byte) 0x80, 'a', (byte) 0xE4, (byte) 0xB8, 'b', (byte) 0xC0, 'c', (byte) 0xED, (byte) 0xA0,
                (byte) 0x80, 'd'};
        assertEquals("\uFFFDa\uFFFDb\uFFFDc\uFFFD\uFFFD\uFFFDd", decode(bytes));
    }

    @Test
    void randomBytesNeverGiveInvalidText() {
        Random r = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            byte[] bytes = new byte[r.nextInt(40)];
            r.nextBytes(bytes);
            String s = decode(bytes);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)), "lone high surrogate");
                    i++;
                } else {
                    assertTrue(!Character.isLowSurrogate(c), "lone low surrogate");
                }
            }
            // what Java's strict decoder accepts, we decode the same
            if (StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes), java.nio.CharBuffer.allocate(100), true).isUnderflow()) {
                String strict = new String(bytes, StandardCharsets.UTF_8);
                if (!strict.contains("\uFFFD")) {
                    assertEquals(strict, s);
                }
            }
        }
    }

    @Test
    void codePointIdsAreCharacters() {
        Vocabulary v = Vocabulary.of(ASTRAL.codePoints().toArray());
        assertEquals(ASTRAL, v.decode(v.encode(ASTRAL)));
    }
}
