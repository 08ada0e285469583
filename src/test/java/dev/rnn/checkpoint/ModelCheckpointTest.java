package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.data.Vocabulary;
import dev.rnn.backend.TestBackends;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.model.RnnState;
import dev.rnn.optim.Optimizer;
import dev.rnn.optim.OptimizerType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Saving and loading a model with its optimizer state and stream states, the one-line errors for
 * a file that does not fit, and format versions: a newer one is refused naming both, older ones load.
 */
class ModelCheckpointTest {
    private static final Vocabulary VOCAB = Vocabulary.fromStrings(List.of("\n", " ", "a", "é", "😀"));
    private static final int H = 6;
    private static final int L = 2;
    private static final int N = 3;

    @TempDir
    Path dir;

    private static CharRnn model(CellType cell, Nonlinearity nl) {
        return model(cell, nl, false);
    }

    private static CharRnn model(CellType cell, Nonlinearity nl, boolean layerNorm) {
        CharRnn m = new CharRnn(new ModelConfig(cell, nl, VOCAB.size(), H, L, 0.25f, layerNorm), TestBackends.java());
        m.initialize(new Rng(7), false);
        return m;
    }

    /** An optimizer with non-zero state after two steps on made-up gradients. */
    private static Optimizer stepped(CharRnn m, OptimizerType type) {
        Optimizer opt = Optimizer.create(type, m.params());
        for (int s = 0; s < 2; s++) {
            for (Param p : m.params()) {
                for (int i = 0; i < p.size(); i++) {
                    p.grad().data[i] = (float) Math.sin(s + 0.37 * i);
                }
            }
            opt.step(1e-2f);
        }
        return opt;
    }

    private static RnnState streams(CharRnn m) {
        RnnState s = m.newState(N);
        Rng rng = new Rng(3);
        for (int l = 0; l < L; l++) {
            for (int i = 0; i < N * H; i++) {
                s.h(l)[i] = rng.uniform(-1, 1);
                if (s.hasCellState()) {
                    s.c(l)[i] = rng.uniform(-2, 2);
                }
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0} {1} {2} layer norm {3}")
    @CsvSource({"LSTM, TANH, ADAM, false", "GRU, TANH, RMSPROP, false", "RNN, TANH, ADAGRAD, false", "RNN, RELU, SGD, false",
        "LSTM, TANH, ADAM, true", "GRU, TANH, SGD, true"})
    void aSavedRunComesBackBitForBit(CellType cell, Nonlinearity nl, OptimizerType type, boolean layerNorm) throws Exception {
        CharRnn m = model(cell, nl, layerNorm);
        Optimizer opt = stepped(m, type);
        RnnState streams = streams(m);
        Path file = dir.resolve("last.safetensors");
        ModelCheckpoint.save(file, m, VOCAB, Map.of("step", "42"), opt, streams);

        LoadedModel loaded = ModelCheckpoint.load(file, TestBackends.java());
        ModelConfig c = loaded.model().config();
        assertEquals(cell, c.cell());
        assertEquals(layerNorm, c.layerNorm());
        assertEquals(layerNorm ? "true" : null, loaded.metadata().get("layer_norm"));
        if (cell == CellType.RNN) {
            assertEquals(nl, c.nonlinearity());
        }
        assertEquals(H, c.hidden());
        assertEquals(L, c.layers());
        assertEquals(VOCAB.symbols(), loaded.vocab().symbols());
        assertEquals("42", loaded.metadata().get("step"));
        for (Param p : m.params()) {
            assertArrayEquals(p.value().data, loaded.model().param(p.name()).value().data, 0f, p.name());
        }

        Optimizer restored = Optimizer.create(type, loaded.model().params());
        ModelCheckpoint.restoreOptimizer(loaded, restored);
        assertEquals(opt.steps(), restored.steps());
        Map<String, float[]> saved = opt.stateArrays();
        for (Map.Entry<String, float[]> e : restored.stateArrays().entrySet()) {
            assertArrayEquals(saved.get(e.getKey()), e.getValue(), 0f, e.getKey());
        }

        RnnState back = loaded.model().newState(N);
        ModelCheckpoint.restoreStreams(loaded, back);
        for (int l = 0; l < L; l++) {
            assertArrayEquals(streams.h(l), back.h(l), 0f, "h layer " + l);
            if (back.hasCellState()) {
                assertArrayEquals(streams.c(l), back.c(l), 0f, "c layer " + l);
            }
        }
    }

    @Test
    void anUnknownEntryAndItsCountsRoundTrip() throws Exception {
        // V = 5 as VOCAB: a, b, c, d and U+FFFD standing for x (seen 7 times) and 😀 (twice)
        Vocabulary v = Vocabulary.withUnknown(new int[] {'a', 'b', 'c', 'd'})
                .withUnknownCounts(new int[] {'x', 0x1F600}, new long[] {7, 2});
        Path file = dir.resolve("unk.safetensors");
        ModelCheckpoint.save(file, model(CellType.LSTM, Nonlinearity.TANH), v, Map.of(), null, null);
        Map<String, String> meta = SafeTensors.read(file).metadata();
        assertEquals("4", meta.get("unk_id"));
        assertEquals("[[120,7],[128512,2]]", meta.get("unk_counts"));
        LoadedModel loaded = ModelCheckpoint.load(file, TestBackends.java());
        assertEquals(v, loaded.vocab());
        assertEquals(v.unknownNats('x'), loaded.vocab().unknownNats('x'));

        Map<String, String> bad = new LinkedHashMap<>(meta);
        bad.put("unk_id", "2");
        String m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.parseVocab(bad, "f")).getMessage();
        assertTrue(m.contains("unk_id 2 is not the U+FFFD entry"), m);
        bad.put("unk_id", "4");
        bad.put("unk_counts", "[[120]]");
        m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.parseVocab(bad, "f")).getMessage();
        assertTrue(m.contains("unk_counts entry 0 is not a [code point, count] pair"), m);
        bad.put("unk_counts", "[[97,1]]");
        m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.parseVocab(bad, "f")).getMessage();
        assertTrue(m.contains("is in the vocabulary"), m);
        assertEquals(-1, ModelCheckpoint.load(saved(dir), TestBackends.java()).vocab().unknownId(),
                "a vocabulary without unk_id has no unknown entry");
    }

    @Test
    void aByteLevelVocabularyIsSavedAsByteValues() throws Exception {
        Vocabulary v = Vocabulary.ofBytes(new int[] {10, 32, 0x9F, 0xC3, 0xF0});
        Path file = dir.resolve("bytes.safetensors");
        ModelCheckpoint.save(file, model(CellType.GRU, Nonlinearity.TANH), v, Map.of(), null, null);
        Map<String, String> meta = SafeTensors.read(file).metadata();
        assertEquals("bytes", meta.get("units"));
        assertEquals("[10,32,159,195,240]", meta.get("vocab"));
        assertEquals(v, ModelCheckpoint.load(file, TestBackends.java()).vocab());
        Map<String, String> bad = new LinkedHashMap<>(meta);
        bad.put("vocab", "[10,32,300,400,500]");
        String m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.parseVocab(bad, "f")).getMessage();
        assertTrue(m.contains("expected a byte value 0..255"), m);
        bad.put("units", "words");
        m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.parseVocab(bad, "f")).getMessage();
        assertTrue(m.contains("units is 'words'"), m);
    }

    @Test
    void aModelSavedAloneLoadsButCannotResume() throws Exception {
        CharRnn m = model(CellType.GRU, Nonlinearity.TANH);
        Path file = dir.resolve("model.safetensors");
        ModelCheckpoint.save(file, m, VOCAB, Map.of(), null, null);
        LoadedModel loaded = ModelCheckpoint.load(file, TestBackends.java());
        String noOptimizer = assertThrows(CheckpointException.class, () ->
                ModelCheckpoint.restoreOptimizer(loaded, Optimizer.create(OptimizerType.ADAM, loaded.model().params()))).getMessage();
        assertTrue(noOptimizer.contains("no metadata key 'optimizer'"), noOptimizer);
        String noStreams = assertThrows(CheckpointException.class, () ->
                ModelCheckpoint.restoreStreams(loaded, loaded.model().newState(N))).getMessage();
        assertTrue(noStreams.contains("lacks stream state state.h_l0 of shape [3, 6]"), noStreams);
    }

    @Test
    void anotherOptimizerOrStreamCountIsRefusedByName() throws Exception {
        CharRnn m = model(CellType.LSTM, Nonlinearity.TANH);
        Path file = dir.resolve("last.safetensors");
        ModelCheckpoint.save(file, m, VOCAB, Map.of(), stepped(m, OptimizerType.ADAM), streams(m));
        LoadedModel loaded = ModelCheckpoint.load(file, TestBackends.java());
        String msg = assertThrows(CheckpointException.class, () ->
                ModelCheckpoint.restoreOptimizer(loaded, Optimizer.create(OptimizerType.SGD, loaded.model().params()))).getMessage();
        assertTrue(msg.contains("holds adam state, but the run uses sgd"), msg);
        String rows = assertThrows(CheckpointException.class, () ->
                ModelCheckpoint.restoreStreams(loaded, loaded.model().newState(N + 1))).getMessage();
        assertTrue(rows.contains("state.h_l0 of shape [4, 6]"), rows);
    }

    @Test
    void extraMetadataMayNotOverrideTheModelsKeys() {
        CharRnn m = model(CellType.LSTM, Nonlinearity.TANH);
        Path file = dir.resolve("x.safetensors");
        String msg = assertThrows(IllegalArgumentException.class, () ->
                ModelCheckpoint.save(file, m, VOCAB, Map.of("hidden_size", "999"), null, null)).getMessage();
        assertTrue(msg.contains("hidden_size"), msg);
        assertTrue(!file.toFile().exists(), "nothing written");
    }

    /** A file written by hand (as PyTorch would) from a model's tensors, with its metadata edited. */
    private Path rewrite(CharRnn m, Consumer<Map<String, String>> editMeta, Consumer<Map<String, Tensor>> editTensors)
            throws Exception {
        Path saved = dir.resolve("saved.safetensors");
        ModelCheckpoint.save(saved, m, VOCAB, Map.of(), null, null);
        SafeTensorsFile f = SafeTensors.read(saved);
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        Map<String, Tensor> tensors = new LinkedHashMap<>(f.tensors());
        editMeta.accept(meta);
        editTensors.accept(tensors);
        Path file = dir.resolve("edited.safetensors");
        SafeTensors.write(file, tensors, meta);
        return file;
    }

    private String loadFails(Path file) {
        String msg = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(file, TestBackends.java())).getMessage();
        assertTrue(!msg.contains("\n"), "one line: " + msg);
        return msg;
    }

    @Test
    void onlyTheFourModelKeysAreNeeded() throws Exception {
        CharRnn m = model(CellType.RNN, Nonlinearity.RELU);
        Path file = rewrite(m, meta -> meta.keySet().retainAll(List.of("cell", "nonlinearity", "hidden_size", "num_layers", "vocab")), t -> { });
        LoadedModel loaded = ModelCheckpoint.load(file, TestBackends.java());
        assertEquals(Nonlinearity.RELU, loaded.model().config().nonlinearity());
        assertArrayEquals(m.param("rnn.weight_hh_l1").value().data, loaded.model().param("rnn.weight_hh_l1").value().data, 0f);
    }

    @Test
    void aMissingOrMisshapenTensorIsNamed() throws Exception {
        CharRnn m = model(CellType.LSTM, Nonlinearity.TANH);
        String missing = loadFails(rewrite(m, meta -> { }, t -> t.remove("rnn.bias_hh_l1")));
        assertTrue(missing.contains("has no tensor rnn.bias_hh_l1"), missing);
        String shape = loadFails(rewrite(m, meta -> { }, t -> t.put("decoder.weight", Tensor.f32(new int[] {H, VOCAB.size()}, new float[H * VOCAB.size()]))));
        assertTrue(shape.contains("decoder.weight has shape [6, 5], expected [5, 6]"), shape);
        String dtype = loadFails(rewrite(m, meta -> { }, t -> t.put("decoder.bias", Tensor.f64(new int[] {VOCAB.size()}, new double[VOCAB.size()]))));
        assertTrue(dtype.contains("decoder.bias is F64, expected F32"), dtype);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "cell|transformer|cell is 'transformer', expected one of [lstm, gru, rnn]",
        "hidden_size|six|hidden_size is 'six', expected a whole number",
        "hidden_size|0|hidden_size is 0, expected 1..65536",
        "num_layers|65|num_layers is 65, expected 1..64",
        "vocab|abc|metadata 'vocab' is not a JSON array of strings",
        "vocab|[]|metadata 'vocab' must list 1..",
        "layer_norm|yes|metadata 'layer_norm' is 'yes', expected true or false",
    })
    void badMetadataIsNamedWithItsValue(String key, String value, String expected) throws Exception {
        CharRnn m = model(CellType.LSTM, Nonlinearity.TANH);
        String msg = loadFails(rewrite(m, meta -> meta.put(key, value), t -> { }));
        assertTrue(msg.contains(expected), msg);
    }

    @Test
    void aFileWithoutTheModelKeysIsNotAnRnnCheckpoint() throws Exception {
        CharRnn m = model(CellType.LSTM, Nonlinearity.TANH);
        String msg = loadFails(rewrite(m, meta -> meta.remove("cell"), t -> { }));
        assertTrue(msg.contains("has no metadata key 'cell'; it is not an rnn checkpoint"), msg);
    }

    // ---- format versions

    private static Path saved(Path dir) throws Exception {
        CharRnn m = new CharRnn(new ModelConfig(CellType.GRU, Nonlinearity.TANH, VOCAB.size(), 4, 2, 0f), TestBackends.java());
        m.initialize(new Rng(5), false);
        Path file = dir.resolve("m.safetensors");
        ModelCheckpoint.save(file, m, VOCAB, Map.of(), null, null);
        return file;
    }

    /** The file with its format_version set to {@code version}, or removed when null. */
    private static Path withVersion(Path file, String version) throws Exception {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        if (version == null) {
            meta.remove("format_version");
        } else {
            meta.put("format_version", version);
        }
        Path out = file.resolveSibling("v" + version + ".safetensors");
        SafeTensors.write(out, f.tensors(), meta);
        return out;
    }

    @Test
    void writesTheCurrentVersion(@TempDir Path dir) throws Exception {
        Path file = saved(dir);
        Map<String, String> meta = SafeTensors.read(file).metadata();
        assertEquals(Integer.toString(ModelCheckpoint.FORMAT_VERSION), meta.get("format_version"));
        assertEquals(3, ModelCheckpoint.formatVersion(meta, file));
    }

    @Test
    void aNewerVersionIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        Path v4 = withVersion(saved(dir), "4");
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(v4, TestBackends.java()));
        assertEquals("checkpoint " + v4 + " was written by format version 4; this rnn reads up to 3: upgrade rnn",
                e.getMessage());
        Path junk = withVersion(saved(dir), "two");
        String m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(junk, TestBackends.java())).getMessage();
        assertTrue(m.contains("format_version is 'two', expected a whole number"), m);
    }

    @Test
    void olderAndUnversionedFilesLoadTheSameWeights(@TempDir Path dir) throws Exception {
        Path file = saved(dir);
        LoadedModel current = ModelCheckpoint.load(file, TestBackends.java());
        for (String version : new String[] {"1", null}) {
            Path old = withVersion(file, version);
            assertEquals(1, ModelCheckpoint.formatVersion(SafeTensors.read(old).metadata(), old));
            LoadedModel loaded = ModelCheckpoint.load(old, TestBackends.java());
            for (Param p : current.model().params()) {
                assertArrayEquals(p.value().data, loaded.model().param(p.name()).value().data, p.name());
            }
        }
    }

    @Test
    void loadsWithTheDropoutTrainingAsks(@TempDir Path dir) throws Exception {
        Path file = saved(dir);
        LoadedModel m = ModelCheckpoint.load(file, SafeTensors.read(file), TestBackends.java(), 0.3f);
        assertEquals(0.3f, m.model().config().dropout());
        assertEquals(0f, ModelCheckpoint.load(file, TestBackends.java()).model().config().dropout());
    }

    @Test
    void layerNormOnAnRnnCellIsRefused() throws Exception {
        CharRnn m = model(CellType.RNN, Nonlinearity.TANH);
        String msg = loadFails(rewrite(m, meta -> meta.put("layer_norm", "true"), t -> { }));
        assertTrue(msg.contains("layer_norm is true for an rnn cell"), msg);
    }

    @Test
    void aLayerNormFileWithoutItsNormsIsNamed() throws Exception {
        CharRnn m = model(CellType.LSTM, Nonlinearity.TANH, true);
        String msg = loadFails(rewrite(m, meta -> { }, t -> t.remove("rnn.ln_c_weight_l1")));
        assertTrue(msg.contains("has no tensor rnn.ln_c_weight_l1 that a lstm-ln 2x6 model needs"), msg);
    }
}
