package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.data.Vocabulary;
import dev.rnn.math.JavaMatMul;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints carry their format version; a newer one is refused naming both versions, older ones load. */
class ModelCheckpointTest {
    private static final Vocabulary VOCAB = Vocabulary.fromStrings(List.of("\n", " ", "a", "b", "c"));

    private static Path saved(Path dir) throws Exception {
        CharRnn m = new CharRnn(new ModelConfig(CellType.GRU, Nonlinearity.TANH, VOCAB.size(), 4, 2, 0f), new JavaMatMul());
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
        assertEquals(2, ModelCheckpoint.formatVersion(meta, file));
    }

    @Test
    void aNewerVersionIsRefusedNamingBoth(@TempDir Path dir) throws Exception {
        Path v3 = withVersion(saved(dir), "3");
        CheckpointException e = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(v3, new JavaMatMul()));
        assertEquals("checkpoint " + v3 + " was written by format version 3; this rnn reads up to 2: upgrade rnn",
                e.getMessage());
        Path junk = withVersion(saved(dir), "two");
        String m = assertThrows(CheckpointException.class, () -> ModelCheckpoint.load(junk, new JavaMatMul())).getMessage();
        assertTrue(m.contains("format_version is 'two', expected a whole number"), m);
    }

    @Test
    void olderAndUnversionedFilesLoadTheSameWeights(@TempDir Path dir) throws Exception {
        Path file = saved(dir);
        LoadedModel current = ModelCheckpoint.load(file, new JavaMatMul());
        for (String version : new String[] {"1", null}) {
            Path old = withVersion(file, version);
            assertEquals(1, ModelCheckpoint.formatVersion(SafeTensors.read(old).metadata(), old));
            LoadedModel loaded = ModelCheckpoint.load(old, new JavaMatMul());
            for (Param p : current.model().params()) {
                assertArrayEquals(p.value().data, loaded.model().param(p.name()).value().data, p.name());
            }
        }
    }

    @Test
    void loadsWithTheDropoutTrainingAsks(@TempDir Path dir) throws Exception {
        Path file = saved(dir);
        LoadedModel m = ModelCheckpoint.load(file, SafeTensors.read(file), new JavaMatMul(), 0.3f);
        assertEquals(0.3f, m.model().config().dropout());
        assertEquals(0f, ModelCheckpoint.load(file, new JavaMatMul()).model().config().dropout());
    }
}
