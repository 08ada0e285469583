package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The element types by their safetensors names, with their sizes. */
class DTypeTest {

    @Test
    void dtypesAreNamedAsInSafetensors() {
        assertEquals(DType.F32, DType.fromName("F32").orElseThrow());
        assertEquals(DType.U8, DType.fromName("U8").orElseThrow());
        assertTrue(DType.fromName("f32").isEmpty(), "names are case-sensitive, as safetensors writes them");
        assertTrue(DType.fromName("BF16").isEmpty(), "unsupported types are absent, not mapped");
        assertEquals(8, DType.F64.itemSize());
        assertEquals(1, DType.U8.itemSize());
    }
}
