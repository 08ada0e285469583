package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header bytes are Python's json.dumps(header, separators=(",", ":"), ensure_ascii=False), padded. */
class HeaderWriterTest {
    static final List<TensorEntry> ENTRIES = List.of(
            new TensorEntry("rnn.weight_ih_l0", DType.F32, new int[] {2, 3}, 6, 0, 24),
            new TensorEntry("b", DType.I64, new int[] {}, 1, 24, 32));
    static final Map<String, String> METADATA = new LinkedHashMap<>();

    static {
        METADATA.put("note", "tab\there \u0001 é 𝔸 / \"q\" \\ end");
        METADATA.put("format", "rnn-checkpoint");
    }

    /** Printed by /usr/bin/python3 (3.11) with json.dumps for the same header: 218 bytes of UTF-8. */
    private static final String PYTHON = "{\"__metadata__\":{\"note\":\"tab\\there \\u0001 é 𝔸 / \\\"q\\\" \\\\ end\","
            + "\"format\":\"rnn-checkpoint\"},\"rnn.weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[2,3],"
            + "\"data_offsets\":[0,24]},\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]}}";

    @Test
    void rendersPythonsBytesPaddedWithSpacesToEight() {
        byte[] python = PYTHON.getBytes(StandardCharsets.UTF_8);
        assertEquals(218, python.length);
        byte[] header = new HeaderWriter().render(ENTRIES, METADATA);
        assertEquals(224, header.length, "218 bytes padded to a multiple of 8");
        assertArrayEquals(python, Arrays.copyOf(header, python.length));
        assertEquals("      ", new String(header, python.length, 6, StandardCharsets.US_ASCII));
    }

    @Test
    void noMetadataNoMetadataObject() {
        byte[] header = new HeaderWriter().render(List.of(ENTRIES.get(1)), Map.of());
        assertEquals("{\"b\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]}}",
                new String(header, StandardCharsets.UTF_8).strip());
        assertEquals(0, header.length % 8);
    }
}
