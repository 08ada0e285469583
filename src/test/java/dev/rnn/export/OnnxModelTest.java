package dev.rnn.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.rnn.backend.Backend;
import dev.rnn.backend.Backends;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.data.Vocabulary;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.model.RnnState;
import dev.rnn.model.Workspace;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported graph run by ONNX Runtime gives rnn's logits and final states within
 * 1e-5·max(1, |x|) elementwise: over a whole sequence, and step by step with the states fed back,
 * for every cell, stacked layers, odd sizes and a vocabulary with astral-plane characters.
 */
class OnnxModelTest {
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 3;
    private static final int T = 7;

    /** Code points from ASCII to the astral planes (𝔸, emoji, CJK extension B). */
    private static final int[] CODE_POINTS = {'\n', ' ', 'a', 'z', 0xE9, 0x4E2D, 0x1D538, 0x1F600, 0x1F680, 0x20000, 0x10FFFD};

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(CellType.LSTM, Nonlinearity.TANH, 1, 1),
                Arguments.of(CellType.LSTM, Nonlinearity.TANH, 3, 7),
                Arguments.of(CellType.GRU, Nonlinearity.TANH, 1, 5),
                Arguments.of(CellType.GRU, Nonlinearity.TANH, 2, 13),
                Arguments.of(CellType.RNN, Nonlinearity.TANH, 2, 9),
                Arguments.of(CellType.RNN, Nonlinearity.RELU, 3, 6));
    }

    @ParameterizedTest(name = "{0}({1}) {2}x{3}")
    @MethodSource("models")
    void runtimeMatchesRnnOverASequenceAndStepByStep(CellType cell, Nonlinearity nl, int layers, int hidden,
                                                     @TempDir Path dir) throws Exception {
        Vocabulary vocab = Vocabulary.of(CODE_POINTS);
        LoadedModel loaded = roundTrip(dir, new ModelConfig(cell, nl, vocab.size(), hidden, layers, 0f), vocab, 42);
        CharRnn model = loaded.model();
        byte[] bytes = OnnxModel.build(loaded, "test").toByteArray();
        Rng rng = new Rng(7);
        int v = vocab.size();
        try (OrtSession session = ORT.createSession(bytes, new OrtSession.SessionOptions())) {
            String stored = session.getMetadata().getCustomMetadata().get("vocab");
            assertTrue(stored.chars().allMatch(ch -> ch < 128), stored);
            assertEquals(JSON.readTree(loaded.metadata().get("vocab")), JSON.readTree(stored));

            // a whole sequence from a random state
            int[] ids = randomIds(rng, N * T, v);
            RnnState state = model.newState(N);
            randomize(state, rng);
            Map<String, float[]> out = run(session, ids, N, T, state);
            Workspace ws = model.newInferenceWorkspace(N, T);
            model.forward(ws, ids, null, state, null);
            double worst = assertClose(rnnLogits(ws, N, T, v), out.get(OnnxModel.LOGITS), "logits over " + T + " steps");
            worst = Math.max(worst, assertStatesClose(state, out, "after " + T + " steps"));

            // step by step, the runtime's states fed back to it
            RnnState rnnState = model.newState(N);
            randomize(rnnState, rng);
            RnnState ortState = model.newState(N);
            ortState.copyFrom(rnnState);
            Workspace step = model.newInferenceWorkspace(N, 1);
            for (int t = 0; t < 2 * T; t++) {
                int[] col = randomIds(rng, N, v);
                Map<String, float[]> o = run(session, col, N, 1, ortState);
                model.forward(step, col, null, rnnState, null);
                worst = Math.max(worst, assertClose(rnnLogits(step, N, 1, v), o.get(OnnxModel.LOGITS), "logits at step " + t));
                worst = Math.max(worst, assertStatesClose(rnnState, o, "at step " + t));
                unpack(o, ortState);
            }
            System.out.printf("onnx %s(%s) %dx%d: max scaled error %.2e%n", cell, nl, layers, hidden, worst);
        }
    }

    @Test
    void gateBlocksAreReorderedFromPyTorchToOnnx() {
        float[] rows = {0, 0, 1, 1, 2, 2, 3, 3}; // PyTorch i f g o, H = 1, two columns
        assertArrayEquals(new float[] {0, 0, 3, 3, 1, 1, 2, 2},
                OnnxModel.reorder(rows, OnnxModel.onnxGateOrder(CellType.LSTM), 1, 2));
        assertArrayEquals(new float[] {1, 0, 2}, OnnxModel.reorder(new float[] {0, 1, 2}, OnnxModel.onnxGateOrder(CellType.GRU), 1, 1));
    }

    @Test
    void withoutTheReorderTheRuntimeDisagrees(@TempDir Path dir) throws Exception {
        // negative control: a GRU exported with PyTorch's gate order is caught by the comparison
        Vocabulary vocab = Vocabulary.of(CODE_POINTS);
        LoadedModel loaded = roundTrip(dir, new ModelConfig(CellType.GRU, Nonlinearity.TANH, vocab.size(), 5, 1, 0f), vocab, 3);
        var proto = OnnxModel.build(loaded, "test").toBuilder();
        var graph = proto.getGraphBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getName().equals("rnn.l0.W")) {
                float[] w = loaded.model().param("rnn.weight_ih_l0").value().data;
                var b = java.nio.ByteBuffer.allocate(4 * w.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                b.asFloatBuffer().put(w);
                graph.setInitializer(i, graph.getInitializer(i).toBuilder().setRawData(com.google.protobuf.ByteString.copyFrom(b.array())));
            }
        }
        int[] ids = randomIds(new Rng(1), N * T, vocab.size());
        RnnState state = loaded.model().newState(N);
        try (OrtSession session = ORT.createSession(proto.build().toByteArray(), new OrtSession.SessionOptions())) {
            Map<String, float[]> out = run(session, ids, N, T, state);
            Workspace ws = loaded.model().newInferenceWorkspace(N, T);
            loaded.model().forward(ws, ids, null, state, null);
            assertThrows(AssertionError.class, () -> assertClose(rnnLogits(ws, N, T, vocab.size()), out.get(OnnxModel.LOGITS), "logits"));
        }
    }

    @Test
    void copiesTheCheckpointsMetadataAndRefusesLayerNorm(@TempDir Path dir) throws Exception {
        Vocabulary vocab = Vocabulary.of(CODE_POINTS);
        LoadedModel loaded = roundTrip(dir, new ModelConfig(CellType.LSTM, Nonlinearity.TANH, vocab.size(), 4, 2, 0f), vocab, 1);
        Map<String, String> meta = new HashMap<>(loaded.metadata());
        meta.put("units", "[\"a\"]");
        meta.put("unk_id", "3");
        meta.put("train.step", "10");
        LoadedModel withUnits = new LoadedModel(loaded.file(), loaded.model(), vocab, meta, loaded.tensors());
        Map<String, String> props = new HashMap<>();
        OnnxModel.build(withUnits, "test").getMetadataPropsList().forEach(e -> props.put(e.getKey(), e.getValue()));
        assertEquals(Map.of("vocab", OnnxModel.asciiJson("vocab", meta.get("vocab")), "cell", "lstm", "hidden_size", "4", "num_layers", "2",
                "units", "[\"a\"]", "unk_id", "3"), props);

        LoadedModel layerNorm = roundTrip(java.nio.file.Files.createDirectories(dir.resolve("ln")), new ModelConfig(CellType.LSTM, Nonlinearity.TANH, vocab.size(), 4, 2,
                0f, true, false, 0f), vocab, 1);
        ExportException e = assertThrows(ExportException.class, () -> OnnxModel.build(layerNorm, "test"));
        assertTrue(e.getMessage().contains("layer-normalised"), e.getMessage());
    }

    /** A randomly initialised model saved as a checkpoint and loaded back, as {@code rnn export} sees it. */
    static LoadedModel roundTrip(Path dir, ModelConfig config, Vocabulary vocab, long seed) throws Exception {
        Backend backend = Backends.best(1);
        CharRnn model = new CharRnn(config, backend);
        model.initialize(new Rng(seed), false);
        Path file = dir.resolve("model.safetensors");
        ModelCheckpoint.save(file, model, vocab, Map.of(), null, null);
        return ModelCheckpoint.load(file, backend);
    }

    private static Map<String, float[]> run(OrtSession session, int[] ids, int n, int t, RnnState state) throws Exception {
        long[] ids64 = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids64[i] = ids[i];
        }
        long[] stateShape = {state.layers(), n, state.hidden()};
        try (OnnxTensor idsT = OnnxTensor.createTensor(ORT, LongBuffer.wrap(ids64), new long[] {n, t});
             OnnxTensor h0 = OnnxTensor.createTensor(ORT, FloatBuffer.wrap(pack(state, false)), stateShape);
             OnnxTensor c0 = OnnxTensor.createTensor(ORT, FloatBuffer.wrap(pack(state, true)), stateShape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>(Map.of(OnnxModel.IDS, idsT, OnnxModel.H0, h0));
            if (state.hasCellState()) {
                inputs.put(OnnxModel.C0, c0);
            }
            Map<String, float[]> out = new HashMap<>();
            try (OrtSession.Result r = session.run(inputs)) {
                for (var e : r) {
                    FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] a = new float[fb.remaining()];
                    fb.get(a);
                    out.put(e.getKey(), a);
                }
            }
            return out;
        }
    }

    /** The state as one (L, N, H) array: h, or c when {@code cell} (zeros without a cell state). */
    private static float[] pack(RnnState s, boolean cell) {
        int nh = s.rows() * s.hidden();
        float[] a = new float[s.layers() * nh];
        if (!cell || s.hasCellState()) {
            for (int l = 0; l < s.layers(); l++) {
                System.arraycopy(cell ? s.c(l) : s.h(l), 0, a, l * nh, nh);
            }
        }
        return a;
    }

    private static void unpack(Map<String, float[]> out, RnnState s) {
        int nh = s.rows() * s.hidden();
        for (int l = 0; l < s.layers(); l++) {
            System.arraycopy(out.get(OnnxModel.HT), l * nh, s.h(l), 0, nh);
            if (s.hasCellState()) {
                System.arraycopy(out.get(OnnxModel.CT), l * nh, s.c(l), 0, nh);
            }
        }
    }

    private static double assertStatesClose(RnnState rnn, Map<String, float[]> out, String when) {
        double worst = assertClose(pack(rnn, false), out.get(OnnxModel.HT), "hT " + when);
        if (rnn.hasCellState()) {
            worst = Math.max(worst, assertClose(pack(rnn, true), out.get(OnnxModel.CT), "cT " + when));
        }
        return worst;
    }

    /** rnn's logits as (N, T, V). */
    private static float[] rnnLogits(Workspace ws, int n, int t, int v) {
        float[] a = new float[n * t * v];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < t; k++) {
                System.arraycopy(ws.logits(), ws.logitsOffset(i, k), a, (i * t + k) * v, v);
            }
        }
        return a;
    }

    /** Asserts |a - b| <= 1e-5·max(1, |a|) elementwise; returns the largest |a - b| / max(1, |a|). */
    static double assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double scaled = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
            if (!(scaled <= 1e-5)) {
                throw new AssertionError(what + "[" + i + "]: rnn " + expected[i] + ", onnxruntime " + actual[i]);
            }
            worst = Math.max(worst, scaled);
        }
        return worst;
    }

    private static int[] randomIds(Rng rng, int count, int v) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = (int) Math.floorMod(rng.nextLong(), (long) v);
        }
        return ids;
    }

    private static void randomize(RnnState s, Rng rng) {
        for (int l = 0; l < s.layers(); l++) {
            for (float[] a : List.of(s.h(l), s.c(l))) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = rng.uniform(-1f, 1f);
                }
            }
        }
    }
}
