package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tensor-name order: Python's (by code point), which differs from String's above the BMP. */
class FormatTest {

    @Test
    void namesSortByCodePointLikePython() {
        // U+FF5E is one UTF-16 unit above U+D83D (the high surrogate of 😀) but below U+1F600
        List<String> names = new ArrayList<>(List.of("😀", "～", "b", "a", "ab", ""));
        names.sort(Format.NAME_ORDER);
        assertEquals(List.of("", "a", "ab", "b", "～", "😀"), names);
        assertTrue("😀".compareTo("～") < 0, "String's own order differs, so the comparator matters");
    }

    @Test
    void aPrefixSortsFirstAndEqualNamesCompareEqual() {
        assertTrue(Format.NAME_ORDER.compare("rnn.weight", "rnn.weight_hh") < 0);
        assertTrue(Format.NAME_ORDER.compare("rnn.weight_hh", "rnn.weight") > 0);
        assertEquals(0, Format.NAME_ORDER.compare("é😀", "é😀"));
    }
}
