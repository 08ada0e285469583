package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The checksum's metadata text: "crc32c:" and 8 lowercase hex digits, whatever the value. */
class Crc32cTextTest {

    @Test
    void formatsTheLow32BitsAsEightLowercaseHexDigits() {
        CRC32C crc = new CRC32C();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals("crc32c:e3069283", Crc32cText.format(crc.getValue())); // the CRC-32C check value
        assertEquals("crc32c:0000000a", Crc32cText.format(10));
        assertEquals("crc32c:ffffffff", Crc32cText.format(-1L), "only the low 32 bits");
    }

    @Test
    void thePlaceholderHasTheLengthOfAnyValue() {
        assertEquals(Crc32cText.format(0xdeadbeefL).length(), Crc32cText.PLACEHOLDER.length());
        assertTrue(Crc32cText.isWellFormed(Crc32cText.PLACEHOLDER));
    }

    @Test
    void wellFormedMeansExactlyThatShape() {
        assertTrue(Crc32cText.isWellFormed("crc32c:0123abcd"));
        for (String bad : new String[] {"crc32c:0123ABCD", "crc32c:0123abc", "crc32c:0123abcde", "crc32:0123abcd",
                " crc32c:0123abcd", "crc32c:0123abcg", ""}) {
            assertFalse(Crc32cText.isWellFormed(bad), bad);
        }
    }
}
