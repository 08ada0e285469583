package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    // 𝔸 = U+1D538, 😀 = U+1F600: each one character but two UTF-16 chars
    private static final String ASTRAL = "héllo 𝔸 wörld 😀 中文字 \n\t end 😀𝔸";

    private static Vocabulary vocabOf(String text) {
        return Vocabulary.of(text.codePoints().toArray());
    }

    @Test
    void ofSortsAndDeduplicatesCodePoints() {
        Vocabulary v = Vocabulary.of(new int[] {'c', 'a', 'b', 'a', 'c'});
        assertEquals(3, v.size());
        assertEquals(List.of("a", "b", "c"), v.symbols());
        assertEquals(0, v.id('a'));
        assertEquals(2, v.id('c'));
        assertEquals('b', v.codePoint(1));
    }

    @Test
    void idIsMinusOneForAbsentCodePoints() {
        Vocabulary v = Vocabulary.of(new int[] {'a', 'z', 0x4E2D, 0x1D538});
        assertEquals(-1, v.id('b'));        // BMP, inside the dense table
        assertEquals(-1, v.id(0x4E2E));     // BMP, above the largest BMP entry
        assertEquals(-1, v.id(0x1D539));    // astral
        assertEquals(-1, v.id(-5));
        assertEquals(-1, v.id(Character.MAX_CODE_POINT + 1));
        assertEquals(3, v.id(0x1D538));
    }

    @Test
    void idAgreesWithTheSortedOrderForEveryCodePointInRange() {
        int[] cps = {0, 9, 10, 32, 'A', 0xE9, 0x3000, 0xFFFF, 0x10000, 0x1D538, 0x1F600, 0x10FFFF};
        Vocabulary v = Vocabulary.of(cps);
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp += (cp < 0x20000 ? 1 : 4099)) {
            int expected = Arrays.binarySearch(cps, cp);
            assertEquals(expected >= 0 ? expected : -1, v.id(cp), "code point " + cp);
        }
        assertEquals(cps.length - 1, v.id(0x10FFFF));
    }

    @Test
    void astralAndCjkTextRoundTripsWithOneIdPerCodePoint() {
        Vocabulary v = vocabOf(ASTRAL);
        int[] ids = v.encode(ASTRAL);
        assertEquals(ASTRAL.codePointCount(0, ASTRAL.length()), ids.length);
        assertTrue(ids.length < ASTRAL.length(), "surrogate pairs must not count twice");
        assertEquals(ASTRAL, v.decode(ids));
        assertEquals("𝔸", v.decode(v.id(0x1D538)));
        assertTrue(v.symbols().contains("😀"));
        for (String s : v.symbols()) {
            assertEquals(1, s.codePointCount(0, s.length()), s);
        }
    }

    @Test
    void appendToAppendsBothHalvesOfASurrogatePair() {
        Vocabulary v = vocabOf("a😀");
        StringBuilder sb = new StringBuilder("x");
        v.appendTo(sb, v.id(0x1F600));
        v.appendTo(sb, v.id('a'));
        assertEquals("x😀a", sb.toString());
    }

    @Test
    void symbolsRoundTripThroughFromStrings() {
        Vocabulary v = vocabOf(ASTRAL);
        Vocabulary back = Vocabulary.fromStrings(new ArrayList<>(v.symbols()));
        assertEquals(v, back);
        assertEquals(v.hashCode(), back.hashCode());
        assertEquals(ASTRAL, back.decode(v.encode(ASTRAL)));
    }

    @Test
    void fromStringsRejectsAnEntryOfSeveralCodePointsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(List.of("a", "bc", "d")));
        assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
        assertTrue(e.getMessage().contains("\"bc\""), e.getMessage());
    }

    @Test
    void fromStringsRejectsEmptyNullAndLoneSurrogateEntries() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(List.of("a", ""))).getMessage().contains("entry 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(Arrays.asList("a", "b", null)))
                .getMessage().contains("entry 2"));
        String lone = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(List.of("a", "\uD835"))).getMessage();
        assertTrue(lone.contains("entry 1") && lone.contains("U+D835"), lone);
    }

    @Test
    void fromStringsRejectsEntriesThatAreNotStrictlyIncreasing() {
        String dup = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(List.of("a", "b", "b"))).getMessage();
        assertTrue(dup.contains("entry 2") && dup.contains("'b' (U+0062)"), dup);
        String order = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(List.of("a", "c", "b"))).getMessage();
        assertTrue(order.contains("entry 2") && order.contains("entry 1"), order);
    }

    @Test
    void ofRejectsEmptyInputAndNonCharacters() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromStrings(List.of()));
        String surrogate = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of(new int[] {'a', 0xD800})).getMessage();
        assertTrue(surrogate.contains("index 1"), surrogate);
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(new int[] {-1}));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(new int[] {0x110000}));
    }

    @Test
    void codePointOfAnOutOfRangeIdFailsWithTheValues() {
        Vocabulary v = vocabOf("abc");
        String msg = assertThrows(IllegalArgumentException.class, () -> v.codePoint(3)).getMessage();
        assertTrue(msg.contains("3") && msg.contains("size 3"), msg);
        assertThrows(IllegalArgumentException.class, () -> v.decode(new int[] {0, -1}));
    }

    @Test
    void encodeNamesEveryUnknownCharacterAndCountsThem() {
        Vocabulary v = vocabOf("abc");
        UnknownCharactersException e = assertThrows(UnknownCharactersException.class,
                () -> v.encode("abé𝔸cé"));
        assertEquals(List.of(0xE9, 0x1D538), e.unknownCodePoints());
        String msg = e.getMessage();
        assertTrue(msg.contains("2 distinct characters"), msg);
        assertTrue(msg.contains("'é' (U+00E9)"), msg);
        assertTrue(msg.contains("'𝔸' (U+1D538)"), msg);
        assertTrue(msg.contains("3 characters"), "the vocabulary size: " + msg);
    }

    @Test
    void encodeSaysOneCharacterInTheSingular() {
        String msg = assertThrows(UnknownCharactersException.class,
                () -> vocabOf("abc").encode("abz")).getMessage();
        assertTrue(msg.startsWith("1 character is not"), msg);
        assertTrue(msg.contains("'z' (U+007A)"), msg);
    }

    @Test
    void encodeNamesTenUnknownsThenSaysHowManyMore() {
        UnknownCharactersException e = assertThrows(UnknownCharactersException.class,
                () -> vocabOf("a").encode("a0123456789bc"));
        assertEquals(12, e.unknownCodePoints().size());
        String msg = e.getMessage();
        assertTrue(msg.contains("12 distinct characters"), msg);
        assertTrue(msg.contains("'9' (U+0039)"), msg);
        assertFalse(msg.contains("U+0062"), "the 11th is not named: " + msg);
        assertTrue(msg.endsWith("and 2 more"), msg);
    }

    @Test
    void unknownControlCharactersAreNamedWithoutBreakingTheLine() {
        String msg = assertThrows(UnknownCharactersException.class,
                () -> vocabOf("ab").encode("a\nb\u200B")).getMessage();
        assertFalse(msg.contains("\n"), msg);
        assertTrue(msg.contains("U+000A LINE FEED"), msg);
        assertTrue(msg.contains("U+200B ZERO WIDTH SPACE"), msg);
    }

    @Test
    void equalityFollowsTheCodePoints() {
        assertEquals(vocabOf("abc"), vocabOf("cba"));
        assertNotEquals(vocabOf("abc"), vocabOf("abd"));
        assertArrayEquals(new int[] {0, 1, 2}, vocabOf("xyz").encode("xyz"));
    }

    @Test
    void unknownCostsSumToOneOverEveryCharacterThatCanBeUnknown() {
        Vocabulary v = Vocabulary.withUnknown(new int[] {'a', 'b'}).withUnknownCounts(new int[] {'c', 0x1F600}, new long[] {3, 1});
        assertEquals(List.of("a", "b", "\uFFFD"), v.symbols());
        assertEquals(-Math.log(3.0 / 5), v.unknownNats('c'), 1e-12);
        assertEquals(-Math.log(1.0 / 5), v.unknownNats(0x1F600), 1e-12);
        // every other scalar value (not a, b, c, 😀, U+FFFD) shares the last 1/5
        double unseen = Vocabulary.SCALAR_VALUES - 2 - 2;
        assertEquals(Math.log(5) + Math.log(unseen), v.unknownNats('z'), 1e-9);
        double sum = Math.exp(-v.unknownNats('c')) + Math.exp(-v.unknownNats(0x1F600)) + unseen * Math.exp(-v.unknownNats('z'));
        assertEquals(1.0, sum, 1e-9);
        assertThrows(IllegalStateException.class, () -> Vocabulary.of(new int[] {'a'}).unknownNats('b'));
    }

    @Test
    void aSeedMapsToTheUnknownIdOnlyWhenAsked() {
        Vocabulary v = Vocabulary.withUnknown(new int[] {'a', 'b'});
        assertArrayEquals(new int[] {0, 2, 1}, v.encodeMappingUnknown("azb"));
        UnknownCharactersException e = assertThrows(UnknownCharactersException.class, () -> v.encode("azb"));
        assertTrue(e.getMessage().contains("z"), e.getMessage());
        assertArrayEquals(new int[] {2}, v.encode("\uFFFD"));
        StringBuilder sb = new StringBuilder();
        v.appendTo(sb, v.unknownId());
        assertEquals("\uFFFD", sb.toString());
    }

    @Test
    void theUnknownIdMustNameTheReplacementCharacterAndCountsMustBeValid() {
        assertEquals(1, Vocabulary.fromStrings(List.of("a", "\uFFFD"), 1).unknownId());
        String m = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.fromStrings(List.of("a", "\uFFFD"), 0)).getMessage();
        assertTrue(m.contains("unk_id 0 is not the U+FFFD entry"), m);
        Vocabulary v = Vocabulary.withUnknown(new int[] {'a'});
        assertThrows(IllegalArgumentException.class, () -> v.withUnknownCounts(new int[] {'a'}, new long[] {1}));
        assertThrows(IllegalArgumentException.class, () -> v.withUnknownCounts(new int[] {'c', 'b'}, new long[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> v.withUnknownCounts(new int[] {'c'}, new long[] {0}));
        assertNotEquals(v, v.withUnknownCounts(new int[] {'c'}, new long[] {2}));
        assertEquals(v.withUnknownCounts(new int[] {'c'}, new long[] {2}), v.withUnknownCounts(new int[] {'c'}, new long[] {2}));
    }

    @Test
    void aByteVocabularyEncodesUtf8AndDecodesItBack() {
        String text = "é𝔸!";
        int[] bytes = {0x21, 0x9D, 0xA9, 0xC3, 0xF0, 0x94, 0xB8};
        Vocabulary v = Vocabulary.ofBytes(bytes);
        assertEquals(Units.BYTES, v.units());
        assertEquals(7, v.size());
        int[] ids = v.encode(text);
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ids.length);
        assertEquals(v.id(0xC3), ids[0]);
        assertEquals(text, v.decode(ids));
        UnknownCharactersException e = assertThrows(UnknownCharactersException.class, () -> v.encode("é?"));
        assertTrue(e.getMessage().contains("?"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> v.appendTo(new StringBuilder(), 0));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.ofBytes(new int[] {256}));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.fromBytes(List.of(5, 5)));
        assertNotEquals(Vocabulary.of(new int[] {'a'}), Vocabulary.ofBytes(new int[] {'a'}));
    }
}
