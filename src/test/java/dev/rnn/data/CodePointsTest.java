package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How messages name characters: visible ones quoted, invisible ones by code and Unicode name. */
class CodePointsTest {

    @Test
    void visibleCharactersAreQuotedWithTheirCode() {
        assertEquals("'é' (U+00E9)", CodePoints.describe('é'));
        assertEquals("' ' (U+0020)", CodePoints.describe(' '));
        assertEquals("'𝔸' (U+1D538)", CodePoints.describe(0x1D538));
    }

    @Test
    void invisibleCharactersAreNamedNotPrinted() {
        assertEquals("U+000A LINE FEED (LF)", CodePoints.describe('\n'));
        assertEquals("U+200B ZERO WIDTH SPACE", CodePoints.describe(0x200B));
        assertEquals("U+2028 LINE SEPARATOR", CodePoints.describe(0x2028));
        assertEquals("U+FEFF ZERO WIDTH NO-BREAK SPACE", CodePoints.describe(0xFEFF));
        assertEquals("U+0378", CodePoints.describe(0x0378), "unassigned: no name");
        assertEquals("U+110000", CodePoints.describe(0x110000), "not a code point: no name");
        String lone = CodePoints.describe(0xD800);
        assertTrue(lone.startsWith("U+D800 ") && !lone.contains("'"), "a lone surrogate is not printed: " + lone);
    }

    @Test
    void describeAllNamesTenThenCountsTheRest() {
        List<Integer> ten = IntStream.range('a', 'a' + 10).boxed().toList();
        String all = CodePoints.describeAll(ten);
        assertTrue(all.startsWith("'a' (U+0061), 'b' (U+0062)"), all);
        assertTrue(all.endsWith("'j' (U+006A)"), all);
        List<Integer> twelve = IntStream.range('a', 'a' + 12).boxed().toList();
        String some = CodePoints.describeAll(twelve);
        assertTrue(some.endsWith("'j' (U+006A) and 2 more"), some);
        assertFalse(some.contains("'k'"), some);
        assertEquals("", CodePoints.describeAll(List.of()));
    }

    @Test
    void countDistinctAgreesInNumber() {
        assertEquals("1 character is", CodePoints.countDistinct(1));
        assertEquals("12 distinct characters are", CodePoints.countDistinct(12));
    }

    @Test
    void scalarValuesExcludeSurrogatesAndOutOfRange() {
        for (int cp : new int[] {0, 'a', 0xD7FF, 0xE000, 0xFFFF, 0x10FFFF}) {
            assertTrue(CodePoints.isScalarValue(cp), Integer.toHexString(cp));
        }
        for (int cp : new int[] {-1, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000}) {
            assertFalse(CodePoints.isScalarValue(cp), Integer.toHexString(cp));
        }
    }
}
