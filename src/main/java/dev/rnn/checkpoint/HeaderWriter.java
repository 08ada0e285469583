package dev.rnn.checkpoint;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Renders a header the way safetensors_io.py's {@code json.dumps(header, separators=(",", ":"),
 * ensure_ascii=False)} does: metadata first, then the entries in the given order, raw UTF-8,
 * lowercase {@code \\u00xx} escapes, space padding to a multiple of 8 bytes.
 * It renders to chars and encodes them itself: Jackson 2.17's byte generator would escape every
 * character outside the BMP (e.g. 𝔸) as a surrogate pair, valid JSON but not Python's bytes.
 */
final class HeaderWriter {
    private final JsonFactory json = JsonFactory.builder()
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .build();

    /** The padded header bytes (without the 8-byte length in front). */
    byte[] render(List<TensorEntry> entries, Map<String, String> metadata) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(Format.METADATA_KEY);
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            for (TensorEntry e : entries) {
                g.writeObjectFieldStart(e.name());
                g.writeStringField("dtype", e.dtype().name());
                g.writeFieldName("shape");
                g.writeArray(e.shape(), 0, e.shape().length);
                g.writeFieldName("data_offsets");
                g.writeArray(new long[] {e.begin(), e.end()}, 0, 2);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            // a StringWriter cannot fail
            throw new UncheckedIOException("rendering a safetensors header failed", e);
        }
        // the writer has checked that every string is valid UTF-16 (no unpaired surrogate)
        byte[] text = out.toString().getBytes(StandardCharsets.UTF_8);
        int padding = (Format.HEADER_ALIGN - text.length % Format.HEADER_ALIGN) % Format.HEADER_ALIGN;
        byte[] padded = Arrays.copyOf(text, text.length + padding);
        Arrays.fill(padded, text.length, padded.length, (byte) ' ');
        return padded;
    }
}
