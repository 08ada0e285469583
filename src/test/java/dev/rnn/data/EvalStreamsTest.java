package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class EvalStreamsTest {

    private static IdSequence positions(int n) {
        int[] ids = new int[n];
        Arrays.setAll(ids, i -> i);
        return IdSequence.of(ids, n);
    }

    /** Counts each (input, target) pair of real predictions over a whole pass. */
    private static Map<List<Integer>, Integer> pairsOfPass(EvalStreams e, int[] realPerChunk) {
        Map<List<Integer>, Integer> pairs = new HashMap<>();
        int size = e.streams() * e.seqLength();
        int c = 0;
        while (e.hasNext()) {
            int[] inputs = new int[size];
            int[] targets = new int[size];
            int real = e.next(inputs, targets);
            int counted = 0;
            for (int i = 0; i < size; i++) {
                if (targets[i] >= 0) {
                    pairs.merge(List.of(inputs[i], targets[i]), 1, Integer::sum);
                    counted++;
                } else {
                    assertEquals(EvalStreams.PAD_TARGET, targets[i]);
                    assertEquals(EvalStreams.PAD_INPUT, inputs[i]);
                }
            }
            assertEquals(counted, real, "the return value counts the real targets");
            realPerChunk[0] += real;
            c++;
        }
        assertEquals(e.chunks(), c);
        return pairs;
    }

    private static Map<List<Integer>, Integer> pairsOfText(IdSequence text) {
        Map<List<Integer>, Integer> pairs = new HashMap<>();
        for (int i = 0; i + 1 < text.length(); i++) {
            pairs.merge(List.of(text.get(i), text.get(i + 1)), 1, Integer::sum);
        }
        return pairs;
    }

    @Test
    void everyCharacterAfterTheFirstIsPredictedExactlyOnce() {
        int[][] cases = {{2, 1, 1}, {2, 5, 3}, {10, 3, 4}, {10, 9, 1}, {10, 20, 2}, {101, 7, 5},
                {101, 4, 50}, {37, 6, 200}, {1000, 16, 13}};
        for (int[] c : cases) {
            IdSequence text = positions(c[0]);
            EvalStreams e = new EvalStreams(text, c[1], c[2]);
            int[] real = {0};
            assertEquals(pairsOfText(text), pairsOfPass(e, real), Arrays.toString(c));
            assertEquals(c[0] - 1, real[0], Arrays.toString(c));
            assertEquals(c[0] - 1, e.predictions());
        }
    }

    @Test
    void repeatedPairsKeepTheirMultiplicity() {
        int[] ids = {0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 2, 0, 1};
        IdSequence text = IdSequence.of(ids, 3);
        int[] real = {0};
        assertEquals(pairsOfText(text), pairsOfPass(new EvalStreams(text, 4, 2), real));
        assertEquals(12, real[0]);
    }

    @Test
    void oneStreamIsOneSequentialPass() {
        IdSequence text = positions(11);
        EvalStreams e = new EvalStreams(text, 1, 4);
        assertEquals(1, e.streams());
        assertEquals(3, e.chunks());
        int[] inputs = new int[4];
        int[] targets = new int[4];
        assertEquals(4, e.next(inputs, targets));
        assertArrayEquals(new int[] {0, 1, 2, 3}, inputs);
        assertArrayEquals(new int[] {1, 2, 3, 4}, targets);
        assertEquals(4, e.next(inputs, targets));
        assertArrayEquals(new int[] {4, 5, 6, 7}, inputs);
        assertEquals(2, e.next(inputs, targets));
        assertArrayEquals(new int[] {8, 9, 0, 0}, inputs);
        assertArrayEquals(new int[] {9, 10, -1, -1}, targets);
        assertFalse(e.hasNext());
        assertThrows(NoSuchElementException.class, () -> e.next(inputs, targets));
    }

    @Test
    void streamsShareTheirBoundaryCharacterAndAreEvenlySpread() {
        // n - 1 = 10 predictions over 3 streams: boundaries 0, 3, 6, 10
        EvalStreams e = new EvalStreams(positions(11), 3, 10);
        assertEquals(1, e.chunks());
        int[] inputs = new int[30];
        int[] targets = new int[30];
        assertEquals(10, e.next(inputs, targets));
        assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOfRange(inputs, 0, 3));
        assertArrayEquals(new int[] {3, 4, 5}, Arrays.copyOfRange(inputs, 10, 13));
        assertArrayEquals(new int[] {6, 7, 8, 9}, Arrays.copyOfRange(inputs, 20, 24));
        assertEquals(3, targets[2], "stream 0 predicts stream 1's first input");
        assertEquals(10, targets[23]);
        assertEquals(-1, targets[3]);
        assertEquals(-1, targets[24]);
    }

    @Test
    void streamLengthsDifferByAtMostOne() {
        for (int n = 2; n < 60; n++) {
            for (int k = 1; k < 9; k++) {
                EvalStreams e = new EvalStreams(positions(n), k, 1000);
                int[] inputs = new int[e.streams() * 1000];
                int[] targets = new int[inputs.length];
                e.next(inputs, targets);
                List<Integer> lengths = new ArrayList<>();
                for (int s = 0; s < e.streams(); s++) {
                    int len = 0;
                    while (len < 1000 && targets[s * 1000 + len] >= 0) {
                        len++;
                    }
                    lengths.add(len);
                }
                int min = lengths.stream().mapToInt(Integer::intValue).min().orElseThrow();
                int max = lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
                assertTrue(min >= 1 && max - min <= 1, "n " + n + " k " + k + ": " + lengths);
            }
        }
    }

    @Test
    void streamsAreReducedWhenThereAreFewerPredictions() {
        EvalStreams e = new EvalStreams(positions(3), 10, 4);
        assertEquals(2, e.streams());
        assertEquals(2, e.predictions());
    }

    @Test
    void badArgumentsAreRejectedWithTheirValues() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> new EvalStreams(positions(1), 1, 1)).getMessage();
        assertTrue(msg.contains("1 characters"), msg);
        assertThrows(IllegalArgumentException.class, () -> new EvalStreams(positions(5), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EvalStreams(positions(5), 1, 0));
        EvalStreams e = new EvalStreams(positions(10), 2, 3);
        String size = assertThrows(IllegalArgumentException.class,
                () -> e.next(new int[5], new int[6])).getMessage();
        assertTrue(size.contains("= 6"), size);
        assertTrue(e.hasNext());
    }
}
