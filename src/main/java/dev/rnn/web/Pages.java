package dev.rnn.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The web pages' templates and scripts (resources beside this class), and data put into them safely. */
final class Pages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Pages() {
    }

    /** A resource of this package as text. */
    static String resource(String name) {
        try (InputStream in = Pages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A value as JSON that can sit inside a {@code <script>} element: '<', '>' and '&' only occur
     * inside JSON strings, where their \\u escapes mean the same, so no text can close the element.
     */
    static String scriptJson(Object value) {
        try {
            return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fills {@code {{NAME}}} placeholders; values are inserted as they are (callers escape). */
    static String fill(String template, String... namesAndValues) {
        String out = template;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out = out.replace("{{" + namesAndValues[i] + "}}", namesAndValues[i + 1]);
        }
        return out;
    }
}
