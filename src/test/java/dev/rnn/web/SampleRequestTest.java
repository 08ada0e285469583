package dev.rnn.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SampleRequest and Requests: the body of POST /api/sample, bounded and checked field by field. */
class SampleRequestTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void defaultsAreRnnSamplesAndTheTemperatureIsTheCliFloat() throws Exception {
        SampleRequest r = SampleRequest.parse(json("{\"seed\": \"ab\"}"), 10_000, 100, 99);
        assertEquals("ab", r.seed());
        assertEquals(500, r.len());
        assertEquals(1.0, r.config().temperature());
        assertEquals(0, r.config().topK());
        assertEquals(1.0, r.config().topP());
        assertEquals(99, r.config().randomSeed());
        assertFalse(r.seeded());
        SampleRequest t = SampleRequest.parse(json("{\"seed\": \"a\", \"temperature\": 0.7, \"random_seed\": -5}"), 100, 100, 1);
        assertEquals((double) 0.7f, t.config().temperature()); // as picocli parses --temperature 0.7 into a float
        assertEquals(-5, t.config().randomSeed());
        assertTrue(t.seeded());
        assertEquals(100, t.len()); // the default is capped by the server's maximum
    }

    @Test
    void everyBadFieldIsA400NamingIt() {
        String[][] bad = {
            {"{\"seed\": 3}", "'seed'"}, {"{\"seed\": \"abcd\"}", "more than 3"}, {"{\"seed\": \"a\", \"len\": -1}", "'len'"},
            {"{\"seed\": \"a\", \"len\": 99999999999}", "'len'"}, {"{\"seed\": \"a\", \"top_p\": 2}", "top_p"},
            {"{\"seed\": \"a\", \"random_seed\": 1.5}", "random_seed"}, {"{\"seed\": \"a\", \"x\": 1}", "unknown field 'x'"},
        };
        for (String[] b : bad) {
            HttpError e = assertThrows(HttpError.class, () -> SampleRequest.parse(json(b[0]), 1000, 3, 0), b[0]);
            assertEquals(400, e.status);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
        }
    }

    @Test
    void bodiesAreBoundedAndMustBeObjects() {
        HttpError big = assertThrows(HttpError.class,
                () -> Requests.body(new ByteArrayInputStream(new byte[101]), 100));
        assertEquals(413, big.status);
        HttpError deep = assertThrows(HttpError.class, () -> Requests.body(
                new ByteArrayInputStream("{\"a\":[[[[[[[[[[1]]]]]]]]]]}".getBytes(StandardCharsets.UTF_8)), 100));
        assertEquals(400, deep.status);
        HttpError array = assertThrows(HttpError.class,
                () -> Requests.body(new ByteArrayInputStream("[]".getBytes(StandardCharsets.UTF_8)), 100));
        assertEquals(400, array.status);
    }
}
