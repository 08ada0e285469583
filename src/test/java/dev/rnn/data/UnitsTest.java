package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Units: names as checkpoints write them, and the UTF-8 bytes of a code point as Java's encoder gives them. */
class UnitsTest {
    @Test
    void namesRoundTrip() {
        assertEquals("bytes", Units.BYTES.id());
        assertEquals(Units.CODEPOINTS, Units.of(" CodePoints "));
        assertThrows(IllegalArgumentException.class, () -> Units.of("words"));
    }

    @Test
    void utf8MatchesTheJdkAtEveryLengthBoundary() {
        int[] out = new int[4];
        for (int cp : new int[] {0, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFD, 0xFFFF, 0x10000, 0x1D538, 0x10FFFF}) {
            int n = Units.utf8(cp, out);
            byte[] jdk = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            int[] expected = new int[jdk.length];
            Arrays.setAll(expected, i -> jdk[i] & 0xFF);
            assertArrayEquals(expected, Arrays.copyOf(out, n), "U+" + Integer.toHexString(cp));
        }
    }
}
