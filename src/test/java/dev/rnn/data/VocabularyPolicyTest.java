package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which characters keep their own id: the most frequent (ties to the smaller code point), those seen often enough. */
class VocabularyPolicyTest {

    private static long[] counts(String text) {
        long[] c = new long[Character.MAX_CODE_POINT + 1];
        text.codePoints().forEach(cp -> c[cp]++);
        return c;
    }

    private static final String TEXT = "aaaaabbbbccc dd😀é"; // a5 b4 c3 d2 ' '1 😀1 é1

    @Test
    void maxVocabKeepsTheKMinusOneMostFrequentAndTheUnknownEntryInSortedPlace() {
        Vocabulary v = new VocabularyPolicy(4, 0).choose(counts(TEXT));
        assertEquals(List.of("a", "b", "c", "\uFFFD"), v.symbols());
        assertEquals(3, v.unknownId());
        assertEquals(3, v.idOrUnknown('d'));
        assertEquals(3, v.idOrUnknown(0x1F600));
        assertEquals(-1, v.id('d'), "id() still says the character is not in the vocabulary");
    }

    @Test
    void tiesGoToTheSmallerCodePoint() {
        // ' ', 😀 and é each occur once: with room for one of them, ' ' (U+0020) wins
        Vocabulary v = new VocabularyPolicy(6, 0).choose(counts(TEXT));
        assertEquals(List.of(" ", "a", "b", "c", "d", "\uFFFD"), v.symbols());
    }

    @Test
    void minCountDropsRareCharacters() {
        Vocabulary v = new VocabularyPolicy(0, 3).choose(counts(TEXT));
        assertEquals(List.of("a", "b", "c", "\uFFFD"), v.symbols());
        Vocabulary both = new VocabularyPolicy(3, 2).choose(counts(TEXT));
        assertEquals(List.of("a", "b", "\uFFFD"), both.symbols());
    }

    @Test
    void aPolicyThatDropsNothingGivesThePlainVocabulary() {
        assertEquals(Vocabulary.of(TEXT.codePoints().toArray()), new VocabularyPolicy(8, 0).choose(counts(TEXT)));
        assertEquals(-1, new VocabularyPolicy(8, 1).choose(counts(TEXT)).unknownId());
        assertEquals(-1, VocabularyPolicy.ALL.choose(counts(TEXT + "\uFFFD")).unknownId());
    }

    @Test
    void underALimitReplacementCharactersInTheTextAreTheUnknownEntrys() {
        Vocabulary v = new VocabularyPolicy(0, 2).choose(counts("aa\uFFFD\uFFFD\uFFFDb"));
        assertEquals(List.of("a", "\uFFFD"), v.symbols());
        assertEquals(v.unknownId(), v.idOrUnknown(0xFFFD));
    }

    @Test
    void valuesOutOfRangeNameTheirOption() {
        String m = assertThrows(IllegalArgumentException.class, () -> new VocabularyPolicy(1, 0)).getMessage();
        assertTrue(m.startsWith("--max-vocab is 1; it must be at least 2"), m);
        m = assertThrows(IllegalArgumentException.class, () -> new VocabularyPolicy(0, -1)).getMessage();
        assertTrue(m.startsWith("--min-count is -1"), m);
    }
}
