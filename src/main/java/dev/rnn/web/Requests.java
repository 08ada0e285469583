package dev.rnn.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Set;

/** Reading request bodies: bounded in size, parsed by Jackson with depth and length limits, each field checked. */
final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxNumberLength(40)
                    .maxStringLength(1 << 20).build())
            .build());

    private Requests() {
    }

    /** Reads at most {@code maxBytes} of a JSON object body; more is a 413. */
    static JsonNode body(InputStream in, int maxBytes) throws IOException, HttpError {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new HttpError(413, "the request body is larger than " + maxBytes + " bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new HttpError(400, "the body must be a JSON object");
        }
        return node;
    }

    static void onlyFields(JsonNode body, Set<String> allowed) throws HttpError {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new HttpError(400, "unknown field '" + f + "'; the fields are " + new java.util.TreeSet<>(allowed));
            }
        }
    }

    static String text(JsonNode body, String field, int maxChars) throws HttpError {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new HttpError(400, "'" + field + "' must be a string");
        }
        String s = v.asText();
        if (s.isEmpty()) {
            throw new HttpError(400, "'" + field + "' is empty; give at least one character");
        }
        if (s.codePointCount(0, s.length()) > maxChars) {
            throw new HttpError(400, "'" + field + "' has more than " + maxChars + " characters");
        }
        return s;
    }

    static int integer(JsonNode body, String field, int min, int max) throws HttpError {
        JsonNode v = body.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new HttpError(400, "'" + field + "' must be a whole number in " + min + ".." + max);
        }
        return v.asInt();
    }

    static long longValue(JsonNode body, String field) throws HttpError {
        JsonNode v = body.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new HttpError(400, "'" + field + "' must be a whole number (64-bit)");
        }
        return v.asLong();
    }

    static double number(JsonNode body, String field) throws HttpError {
        JsonNode v = body.get(field);
        if (v == null || !v.isNumber()) {
            throw new HttpError(400, "'" + field + "' must be a number");
        }
        return v.asDouble();
    }
}
