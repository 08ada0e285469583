package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void dataLengthMustMatchShapeAndMessageGivesBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.f32(new int[] {2, 3}, new float[5]));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 3]")
                && e.getMessage().contains("6"), e.getMessage());
    }

    @Test
    void everyFactoryValidates() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.f64(new int[] {2}, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.i32(new int[] {}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.i64(new int[] {0}, new long[1]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.u8(new int[] {-1}, new byte[0]));
    }

    @Test
    void overflowingShapeIsRefusedNotWrapped() {
        // 65536^2 wraps to 0 in int arithmetic; 2^31-1 cubed overflows long
        assertThrows(IllegalArgumentException.class, () -> Tensor.u8(new int[] {65536, 65536}, new byte[0]));
        int big = Integer.MAX_VALUE;
        assertThrows(IllegalArgumentException.class, () -> Tensor.u8(new int[] {big, big, big, 0, 1}, new byte[1]));
        assertEquals(0, Tensor.u8(new int[] {big, big, big, 0}, new byte[0]).size());
    }

    @Test
    void rankIsBounded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.u8(new int[9], new byte[0]));
        assertTrue(e.getMessage().contains("9 dimensions"), e.getMessage());
        assertEquals(0, Tensor.u8(new int[8], new byte[0]).size());
    }

    @Test
    void scalarHasEmptyShapeAndOneElement() {
        Tensor t = Tensor.i64(new int[0], new long[] {7});
        assertArrayEquals(new int[0], t.shape());
        assertEquals(1, t.size());
        assertEquals(8, t.byteSize());
    }

    @Test
    void shapeIsCopiedButDataIsShared() {
        int[] shape = {2};
        float[] data = {1, 2};
        Tensor t = Tensor.f32(shape, data);
        shape[0] = 3;
        t.shape()[0] = 4;
        assertArrayEquals(new int[] {2}, t.shape());
        assertSame(data, t.f32Data());
    }

    @Test
    void wrongAccessorNamesBothTypes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Tensor.i32(new int[] {1}, new int[1]).f32Data());
        assertTrue(e.getMessage().contains("I32") && e.getMessage().contains("F32"), e.getMessage());
    }

    @Test
    void equalityIsByDtypeShapeAndBits() {
        Tensor a = Tensor.f32(new int[] {2}, new float[] {Float.NaN, 0f});
        assertEquals(a, Tensor.f32(new int[] {2}, new float[] {Float.NaN, 0f}));
        assertEquals(a.hashCode(), Tensor.f32(new int[] {2}, new float[] {Float.NaN, 0f}).hashCode());
        assertNotEquals(a, Tensor.f32(new int[] {2}, new float[] {Float.NaN, -0f}));
        assertNotEquals(a, Tensor.f32(new int[] {1, 2}, new float[] {Float.NaN, 0f}));
        assertNotEquals(Tensor.i32(new int[] {1}, new int[] {1}), Tensor.f32(new int[] {1}, new float[] {1}));
    }
}
