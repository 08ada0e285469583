package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStreamsTest {

    /** n ids equal to their positions, so every id says where in the text it came from. */
    private static IdSequence positions(int n) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return IdSequence.of(ids, n);
    }

    private static List<int[]> take(BatchStreams b, int chunks) {
        List<int[]> out = new ArrayList<>();
        int size = (int) b.charsPerChunk();
        for (int i = 0; i < chunks; i++) {
            int[] inputs = new int[size];
            int[] targets = new int[size];
            b.next(inputs, targets);
            out.add(inputs);
            out.add(targets);
        }
        return out;
    }

    @Test
    void geometryFollowsTheStreamFormula() {
        BatchStreams b = new BatchStreams(positions(103), 4, 5); // streamLen 25, 5 chunks
        assertEquals(5, b.chunksPerEpoch());
        assertEquals(20, b.charsPerChunk());
        assertEquals(4, b.batchSize());
        assertEquals(5, b.seqLength());
        assertTrue(b.atEpochStart());
    }

    @Test
    void chunksAreBatchMajorStreamsOfConsecutiveText() {
        int n = 4;
        int t = 5;
        int streamLen = 25;
        BatchStreams b = new BatchStreams(positions(103), n, t);
        for (int c = 0; c < 5; c++) {
            int[] inputs = new int[n * t];
            int[] targets = new int[n * t];
            assertEquals(c, b.chunk());
            b.next(inputs, targets);
            for (int s = 0; s < n; s++) {
                for (int step = 0; step < t; step++) {
                    int i = s * t + step;
                    assertEquals(s * streamLen + c * t + step, inputs[i], "chunk " + c + " row " + s);
                    assertEquals(inputs[i] + 1, targets[i], "the target is the next character");
                }
            }
        }
    }

    @Test
    void eachStreamContinuesAcrossChunks() {
        int n = 3;
        int t = 4;
        BatchStreams b = new BatchStreams(positions(50), n, t); // streamLen 16, 4 chunks
        List<int[]> chunks = take(b, (int) b.chunksPerEpoch());
        for (int c = 0; c + 1 < b.chunksPerEpoch(); c++) {
            int[] now = chunks.get(2 * c);
            int[] after = chunks.get(2 * (c + 1));
            int[] nowTargets = chunks.get(2 * c + 1);
            for (int s = 0; s < n; s++) {
                assertEquals(now[s * t + t - 1] + 1, after[s * t], "chunk " + c + " stream " + s);
                assertEquals(nowTargets[s * t + t - 1], after[s * t]);
            }
        }
    }

    @Test
    void streamsAreDisjointAndTargetsStayInTheText() {
        int len = 4 * 5 * 3 + 1; // exactly fits: the last target is the last character
        BatchStreams b = new BatchStreams(positions(len), 4, 5);
        boolean[] seen = new boolean[len];
        int maxTarget = -1;
        for (int c = 0; c < b.chunksPerEpoch(); c++) {
            int[] inputs = new int[20];
            int[] targets = new int[20];
            b.next(inputs, targets);
            for (int i = 0; i < 20; i++) {
                assertFalse(seen[inputs[i]], "input " + inputs[i] + " used twice in one epoch");
                seen[inputs[i]] = true;
                maxTarget = Math.max(maxTarget, targets[i]);
            }
        }
        assertEquals(len - 1, maxTarget);
    }

    @Test
    void theLastChunkWrapsToTheNextEpoch() {
        BatchStreams b = new BatchStreams(positions(103), 4, 5);
        List<int[]> first = take(b, 4);
        assertEquals(0, b.epoch());
        assertEquals(4, b.chunk());
        assertFalse(b.atEpochStart());
        take(b, 1);
        assertEquals(1, b.epoch());
        assertEquals(0, b.chunk());
        assertTrue(b.atEpochStart());
        List<int[]> again = take(b, 1);
        assertArrayEquals(first.get(0), again.get(0));
        assertArrayEquals(first.get(1), again.get(1));
    }

    @Test
    void seekReproducesTheSameSequence() {
        BatchStreams straight = new BatchStreams(positions(103), 4, 5);
        List<int[]> all = take(straight, 12); // chunk 7 = epoch 1, chunk 2
        BatchStreams resumed = new BatchStreams(positions(103), 4, 5);
        resumed.seek(1, 2);
        assertEquals(1, resumed.epoch());
        assertEquals(2, resumed.chunk());
        List<int[]> rest = take(resumed, 5);
        for (int i = 0; i < rest.size(); i++) {
            assertArrayEquals(all.get(14 + i), rest.get(i), "array " + i);
        }
        assertEquals(straight.epoch(), resumed.epoch());
        assertEquals(straight.chunk(), resumed.chunk());
    }

    @Test
    void seekRejectsPositionsOutsideTheEpoch() {
        BatchStreams b = new BatchStreams(positions(103), 4, 5);
        String msg = assertThrows(IllegalArgumentException.class, () -> b.seek(0, 5)).getMessage();
        assertTrue(msg.contains("chunk 5") && msg.contains("[0, 5)"), msg);
        assertThrows(IllegalArgumentException.class, () -> b.seek(0, -1));
        assertThrows(IllegalArgumentException.class, () -> b.seek(-1, 0));
    }

    @Test
    void aTooShortTextSaysWhatWouldFit() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> new BatchStreams(positions(10), 4, 5)).getMessage();
        assertTrue(msg.contains("(10 chars)") && msg.contains("4 streams of 5 steps"), msg);
        assertTrue(msg.contains("batch size at most 1"), msg);   // 9 / 5
        assertTrue(msg.contains("seq length at most 2"), msg);   // 9 / 4
        String tiny = assertThrows(IllegalArgumentException.class,
                () -> new BatchStreams(positions(3), 5, 5)).getMessage();
        assertTrue(tiny.contains("batch size 1 with seq length at most 2"), tiny);
    }

    @Test
    void theSmallestTextThatFitsWorks() {
        BatchStreams b = new BatchStreams(positions(21), 4, 5);
        assertEquals(1, b.chunksPerEpoch());
        assertThrows(IllegalArgumentException.class, () -> new BatchStreams(positions(20), 4, 5));
    }

    @Test
    void badArgumentsAndBufferSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchStreams(positions(100), 0, 5));
        assertThrows(IllegalArgumentException.class, () -> new BatchStreams(positions(100), 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new BatchStreams(positions(1), 1, 1));
        BatchStreams b = new BatchStreams(positions(100), 4, 5);
        String msg = assertThrows(IllegalArgumentException.class,
                () -> b.next(new int[19], new int[20])).getMessage();
        assertTrue(msg.contains("19") && msg.contains("= 20"), msg);
        assertEquals(0, b.chunk(), "a failed call does not advance");
    }
}
