package dev.rnn.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rnn.api.SamplingConfig;
import java.util.Set;

/**
 * The body of {@code POST /api/sample}, validated: {@code seed} (text, required), {@code len},
 * {@code temperature}, {@code top_k}, {@code top_p}, {@code random_seed} (all optional, with the
 * defaults of {@code rnn sample}). Unknown fields are refused, so a typo is not silently ignored.
 */
record SampleRequest(String seed, int len, SamplingConfig config, boolean seeded) {
    private static final Set<String> FIELDS = Set.of("seed", "len", "temperature", "top_k", "top_p", "random_seed");

    static SampleRequest parse(JsonNode body, int maxLen, int maxSeed, long randomSeed) throws HttpError {
        Requests.onlyFields(body, FIELDS);
        String seed = Requests.text(body, "seed", maxSeed);
        int len = body.has("len") ? Requests.integer(body, "len", 0, maxLen) : Math.min(500, maxLen);
        double temperature = body.has("temperature") ? Requests.number(body, "temperature") : 1.0;
        int topK = body.has("top_k") ? Requests.integer(body, "top_k", 0, Integer.MAX_VALUE) : 0;
        double topP = body.has("top_p") ? Requests.number(body, "top_p") : 1.0;
        boolean seeded = body.has("random_seed") && !body.get("random_seed").isNull();
        long rs = seeded ? Requests.longValue(body, "random_seed") : randomSeed;
        // the CLI parses --temperature as a float: the same value gives the same text
        float t = (float) temperature;
        try {
            return new SampleRequest(seed, len, new SamplingConfig(t, topK, topP, rs), seeded);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, e.getMessage());
        }
    }
}
