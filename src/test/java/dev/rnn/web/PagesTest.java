package dev.rnn.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagesTest {
    @Test
    void scriptJsonCannotCloseTheScriptElementAndReadsBackTheSame() throws Exception {
        String hostile = "</script><script>alert(1)</script><!-- & -->\u2028";
        String json = Pages.scriptJson(Map.of("t", hostile, "l", List.of("<b>")));
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        Map<?, ?> back = new ObjectMapper().readValue(json, Map.class);
        assertEquals(hostile, back.get("t"));
        assertEquals(List.of("<b>"), back.get("l"));
    }

    @Test
    void fillReplacesEveryPlaceholderAndResourcesAreInTheJar() {
        assertEquals("a 1 b 2 1", Pages.fill("a {{X}} b {{Y}} {{X}}", "X", "1", "Y", "2"));
        assertFalse(Pages.resource("index.html").isEmpty());
        assertFalse(Pages.resource("score.html").isEmpty());
        assertThrows(IllegalStateException.class, () -> Pages.resource("missing.html"));
    }
}
