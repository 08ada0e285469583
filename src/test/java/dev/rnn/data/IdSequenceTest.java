package dev.rnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdSequenceTest {

    @Test
    void storageWidthFollowsTheVocabularySize() {
        assertInstanceOf(ByteIdSequence.class, IdSequence.of(new int[] {0}, 256));
        assertInstanceOf(CharIdSequence.class, IdSequence.of(new int[] {0}, 257));
        assertInstanceOf(CharIdSequence.class, IdSequence.of(new int[] {0}, 65536));
        assertInstanceOf(IntIdSequence.class, IdSequence.of(new int[] {0}, 65537));
    }

    @Test
    void largestIdOfEachWidthReadsBackUnsigned() {
        assertEquals(255, IdSequence.of(new int[] {255}, 256).get(0));
        assertEquals(65535, IdSequence.of(new int[] {65535}, 65536).get(0));
        assertEquals(1_114_111, IdSequence.of(new int[] {1_114_111}, 1_114_112).get(0));
        int[] ids = {200, 0, 128, 255, 7};
        assertArrayEquals(ids, IdSequence.of(ids, 256).toArray());
    }

    @Test
    void sliceIsAViewAndSlicesCompose() {
        for (int vocab : new int[] {256, 1000, 100_000}) {
            int[] ids = new int[50];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (i * 37) % 256;
            }
            IdSequence seq = IdSequence.of(ids, vocab);
            IdSequence mid = seq.slice(10, 40);
            IdSequence inner = mid.slice(5, 12);
            assertEquals(30, mid.length());
            assertEquals(7, inner.length());
            for (int i = 0; i < inner.length(); i++) {
                assertEquals(ids[15 + i], inner.get(i), "vocab " + vocab + " index " + i);
            }
            assertEquals(0, seq.slice(50, 50).length());
            assertEquals(seq.getClass(), inner.getClass());
        }
    }

    @Test
    void copyToHonoursBothOffsets() {
        IdSequence seq = IdSequence.of(new int[] {1, 2, 3, 4, 5, 6}, 300).slice(1, 6); // 2..6
        int[] dst = {-1, -1, -1, -1, -1};
        seq.copyTo(1, dst, 2, 3);
        assertArrayEquals(new int[] {-1, -1, 3, 4, 5}, dst);
    }

    @Test
    void accessOutsideTheSequenceFails() {
        IdSequence seq = IdSequence.of(new int[] {1, 2, 3, 4}, 10).slice(1, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> seq.get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.get(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.slice(1, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.slice(2, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.copyTo(1, new int[5], 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> seq.copyTo(0, new int[2], 1, 2));
    }

    @Test
    void builderGrowsPastItsCapacity() {
        IdSequence.Builder b = new IdSequence.Builder(70_000, 0);
        for (int i = 0; i < 1000; i++) {
            b.append(i * 69);
        }
        assertEquals(1000, b.length());
        IdSequence seq = b.build();
        assertEquals(1000, seq.length());
        assertEquals(999 * 69, seq.get(999));
    }

    @Test
    void builderRejectsOutOfRangeIdsAndReuse() {
        IdSequence.Builder b = new IdSequence.Builder(5, 2);
        String msg = assertThrows(IllegalArgumentException.class, () -> b.append(5)).getMessage();
        assertTrue(msg.contains("id 5") && msg.contains("[0, 5)"), msg);
        assertThrows(IllegalArgumentException.class, () -> b.append(-1));
        b.append(4);
        assertEquals(1, b.build().length());
        assertThrows(IllegalStateException.class, () -> b.append(1));
        assertThrows(IllegalStateException.class, b::build);
        assertThrows(IllegalArgumentException.class, () -> new IdSequence.Builder(0, 1));
    }
}
