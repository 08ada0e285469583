package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CorpusTest {

    /** A corpus of n characters whose ids are their positions, so slices show where they came from. */
    private static Corpus positions(int n) {
        int[] ids = new int[n];
        int[] cps = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            cps[i] = 0x4E00 + i;
        }
        return new Corpus(Vocabulary.of(cps), IdSequence.of(ids, n));
    }

    @Test
    void validationIsTheContiguousTail() {
        Split s = positions(100).split(0.1);
        assertEquals(90, s.train().length());
        assertEquals(10, s.validation().length());
        assertEquals(0, s.train().get(0));
        assertEquals(89, s.train().get(89));
        int[] tail = new int[10];
        Arrays.setAll(tail, i -> 90 + i);
        assertArrayEquals(tail, s.validation().toArray());
    }

    @Test
    void validationLengthIsRounded() {
        assertEquals(2, positions(15).split(0.1).validation().length()); // 1.5 -> 2
        assertEquals(3, positions(33).split(0.1).validation().length()); // 3.3 -> 3
        assertEquals(5, positions(10).split(0.5).validation().length());
    }

    @Test
    void zeroFractionGivesAnEmptyValidation() {
        Split s = positions(2).split(0);
        assertEquals(2, s.train().length());
        assertEquals(0, s.validation().length());
    }

    @Test
    void fractionsOutsideTheRangeAreRejectedWithTheValue() {
        for (double bad : new double[] {-0.01, 0.51, 1, Double.NaN}) {
            String msg = assertThrows(IllegalArgumentException.class,
                    () -> positions(100).split(bad)).getMessage();
            assertTrue(msg.contains(String.valueOf(bad)), msg);
        }
    }

    @Test
    void aValidationTooShortToPredictAnythingIsRejected() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> positions(10).split(0.1)).getMessage(); // 1 character
        assertTrue(msg.contains("10 characters") && msg.contains("gives 1"), msg);
    }

    @Test
    void aTrainingPartTooShortIsRejected() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> positions(3).split(0.5)).getMessage(); // 1.5 -> 2 for validation, 1 left
        assertTrue(msg.contains("leaves 1 for training"), msg);
        assertThrows(IllegalArgumentException.class, () -> positions(1).split(0));
    }

    @Test
    void scoredValidationIsTheHeadOfTheTailAndTheWholeTailWhenShorterOrZero() {
        Split s = positions(100).split(0.2, 5);
        assertEquals(80, s.train().length());
        assertArrayEquals(new int[] {80, 81, 82, 83, 84}, s.validation().toArray());
        assertEquals(20, positions(100).split(0.2, 500).validation().length());
        assertEquals(20, positions(100).split(0.2, 0).validation().length());
        String msg = assertThrows(IllegalArgumentException.class, () -> positions(100).split(0.2, 1)).getMessage();
        assertTrue(msg.contains("is 1, need 0 (all) or at least 2"), msg);
    }
}
