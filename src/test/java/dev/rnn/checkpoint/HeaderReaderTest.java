package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parsing one header on its own (SafeTensorsCorruptionTest covers every damaged-file message
 * through whole files): what the writer renders comes back in order, and each entry is checked
 * by itself.
 */
class HeaderReaderTest {
    private static final Path FILE = Path.of("x.safetensors");

    private static Header parse(String json) throws CheckpointException {
        return new HeaderReader(FILE).parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackWhatTheWriterRendersInOrder() throws Exception {
        Header h = new HeaderReader(FILE).parse(new HeaderWriter().render(HeaderWriterTest.ENTRIES, HeaderWriterTest.METADATA));
        assertEquals(HeaderWriterTest.METADATA, h.metadata());
        assertEquals(List.of("note", "format"), List.copyOf(h.metadata().keySet()));
        assertEquals(2, h.entries().size());
        TensorEntry w = h.entries().get(0);
        assertEquals("rnn.weight_ih_l0", w.name());
        assertEquals(DType.F32, w.dtype());
        assertArrayEquals(new int[] {2, 3}, w.shape());
        assertEquals(6, w.count());
        assertEquals(24, w.byteLength());
        TensorEntry b = h.entries().get(1);
        assertEquals(0, b.shape().length);
        assertEquals(1, b.count(), "a scalar holds one element");
        assertEquals(24, b.begin());
    }

    @Test
    void fieldsMayComeInAnyOrderAndAZeroDimensionMeansNoElements() throws Exception {
        Header h = parse("{\"e\":{\"data_offsets\":[8,8],\"shape\":[3,0,2],\"dtype\":\"U8\"}}");
        TensorEntry e = h.entries().get(0);
        assertEquals(0, e.count());
        assertEquals(DType.U8, e.dtype());
        assertTrue(h.metadata().isEmpty());
    }

    private static String fails(String json) {
        String msg = assertThrows(CheckpointException.class, () -> parse(json)).getMessage();
        assertTrue(msg.startsWith("checkpoint x.safetensors "), msg);
        return msg;
    }

    @Test
    void eachEntryIsCheckedOnItsOwn() {
        assertTrue(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}")
                .contains("data_offsets [8, 0], expected [begin, end] with begin <= end"));
        assertTrue(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}")
                .contains("data_offsets [0], expected [begin, end]"));
        assertTrue(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}")
                .contains("not an array of at most 8 non-negative integers: found -1"));
        assertTrue(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}").contains("lacks data_offsets"));
        assertTrue(fails("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}")
                .contains("which rnn cannot read (it reads F32, F64, I32, I64, U8)"));
        assertTrue(fails("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,4]}}")
                .contains("more than a Java array holds"));
    }

    @Test
    void theHeaderMustStartWithABrace() {
        assertTrue(fails("[1]").contains("its header starts with byte 0x5b, not '{'"));
        assertTrue(fails("").contains("its header is empty"));
    }
}
