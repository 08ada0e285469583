package dev.rnn.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Views: bounds checked on construction, row blocks at the right offsets, shapes in messages. */
class MatTest {

    @Test
    void blocksAndRowsAreViewsAtTheRightOffsets() {
        float[] a = new float[3 + 6 * 4];
        Mat m = new Mat(a, 3, 6, 4);
        Mat step2 = m.block(2, 3); // rows [4, 6)
        assertSame(a, step2.data());
        assertEquals(3 + 4 * 4, step2.offset());
        assertEquals("(2, 4)", step2.shape());
        assertEquals(3 + 4, m.rows(1, 5).offset());
        assertEquals(24, m.size());
    }

    @Test
    void viewsOutsideTheirArrayAreRefusedWithTheShapes() {
        float[] a = new float[10];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Mat(a, 2, 3, 3));
        assertTrue(e.getMessage().contains("(3, 3)") && e.getMessage().contains("10"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Mat(a, -1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Mat.of(a, 3, 3));
        Mat m = Mat.of(a, 5, 2);
        e = assertThrows(IllegalArgumentException.class, () -> m.rows(4, 2));
        assertTrue(e.getMessage().contains("(5, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.block(0, 3)); // 5 rows do not split into 3
    }
}
