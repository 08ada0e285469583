package dev.rnn.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PyTorch reference fixture from {@code src/test/resources/fixtures}, written by
 * {@code scripts/fixtures/make_fixtures.py} (see its README): a tiny model, one batch, and every
 * value the math must reproduce, in float64. Values nested in an object (an optimizer's steps)
 * are reached by a path of keys: {@code tensors("sgd", "state")}.
 */
public final class Fixture {
    public final String cell;
    public final String nonlinearity;
    public final int vocab;
    public final int hidden;
    public final int layers;
    public final int batch;
    public final int seq;
    /** A --layer-norm cell (scripts/ln_rnn.py), absent in the plain cells' fixtures. */
    public final boolean layerNorm;
    private final JsonNode root;

    private Fixture(JsonNode root) {
        this.root = root;
        this.cell = root.get("cell").asText();
        this.nonlinearity = root.get("nonlinearity").isNull() ? null : root.get("nonlinearity").asText();
        this.vocab = root.get("vocab_size").asInt();
        this.hidden = root.get("hidden").asInt();
        this.layers = root.get("layers").asInt();
        this.batch = root.get("batch").asInt();
        this.seq = root.get("seq").asInt();
        this.layerNorm = root.has("layer_norm") && root.get("layer_norm").asBoolean();
    }

    /** Loads {@code fixtures/<name>.json} from the test class path. */
    public static Fixture load(String name) {
        try (InputStream in = Fixture.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fixtures/" + name + ".json");
            }
            return new Fixture(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public double scalar(String... path) {
        return node(path).asDouble();
    }

    public String text(String... path) {
        return node(path).asText();
    }

    /** A nested numeric array flattened in C order. */
    public double[] array(String... path) {
        return flatten(node(path));
    }

    /** An int matrix (B x T) flattened batch-major. */
    public int[] ints(String key) {
        double[] d = flatten(root.get(key));
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (int) d[i];
        }
        return out;
    }

    public boolean has(String key) {
        return root.has(key) && !root.get(key).isNull();
    }

    /** A map of named tensors (params, grads, grads_clipped, params_after_adam), flattened. */
    public Map<String, double[]> tensors(String... path) {
        return namedTensors(node(path));
    }

    /** A list of maps of named tensors, one per optimizer step: {@code tensorSteps("sgd", "grads")}. */
    public List<Map<String, double[]>> tensorSteps(String... path) {
        List<Map<String, double[]>> out = new ArrayList<>();
        for (JsonNode step : node(path)) {
            out.add(namedTensors(step));
        }
        return out;
    }

    private JsonNode node(String... path) {
        JsonNode node = root;
        for (String key : path) {
            node = node.get(key);
            if (node == null) {
                throw new IllegalArgumentException("fixture " + cell + (nonlinearity == null ? "" : "_" + nonlinearity)
                        + " has no " + String.join("/", path) + " (regenerate it with scripts/fixtures/make_fixtures.py)");
            }
        }
        return node;
    }

    private static Map<String, double[]> namedTensors(JsonNode node) {
        Map<String, double[]> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), flatten(e.getValue()));
        }
        return out;
    }

    private static double[] flatten(JsonNode node) {
        List<Double> values = new ArrayList<>();
        collect(node, values);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void collect(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                collect(child, out);
            }
        } else {
            out.add(node.asDouble());
        }
    }

    /** ‖a − b‖ / max(‖a‖, ‖b‖), 0 when both are zero. */
    public static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("length " + a.length + " vs " + b.length);
        }
        double diff = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double denom = Math.max(Math.sqrt(na), Math.sqrt(nb));
        return denom == 0 ? 0 : Math.sqrt(diff) / denom;
    }

    public static double[] toDouble(float[] a, int off, int len) {
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            out[i] = a[off + i];
        }
        return out;
    }
}
