package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn.checkpoint.SafeTensors;
import dev.rnn.checkpoint.SafeTensorsFile;
import dev.rnn.checkpoint.Tensor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written by an earlier version (src/test/resources/compat, format_version 1, with
 * the commands that made them) still load, sample the same text and resume to the same bits.
 */
class OldCheckpointTest {
    private static final String V1 = "/compat/v1/";

    private static Path resource(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        try (InputStream in = OldCheckpointTest.class.getResourceAsStream(V1 + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void aVersion1CheckpointSamplesTheSameText(@TempDir Path dir) throws Exception {
        Path ckpt = resource(dir, "last-step20.safetensors");
        String expected = Files.readString(resource(dir, "sample-seed5.txt"), StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("sample", "--checkpoint", ckpt.toString(), "--seed", "First", "--len", "120",
                "--random-seed", "5");
        assertEquals(0, r.code(), r.err());
        assertEquals(expected, r.out());
        Cli.Result info = Cli.run("info", ckpt.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("lstm 2x24"), info.out());
    }

    @Test
    void aVersion1RunResumesToTheSameBits(@TempDir Path dir) throws Exception {
        Path corpus = resource(dir, "corpus.txt");
        Path run = Files.createDirectory(dir.resolve("run"));
        Path old = resource(dir, "last-step20.safetensors");
        // the run's options name the corpus by the absolute path it had; point them at this copy
        SafeTensorsFile f = SafeTensors.read(old);
        Map<String, String> meta = new LinkedHashMap<>(f.metadata());
        ObjectMapper json = new ObjectMapper();
        ObjectNode options = (ObjectNode) json.readTree(meta.get("train.options"));
        options.put("corpus", corpus.toString());
        meta.put("train.options", json.writeValueAsString(options));
        SafeTensors.write(run.resolve("last.safetensors"), f.tensors(), meta);

        Cli.Result r = Cli.run("train", "--resume", run.toString(), "--max-steps", "30", "--quiet");
        assertEquals(0, r.code(), r.err());

        SafeTensorsFile expected = SafeTensors.read(resource(dir, "resumed-step30.safetensors"));
        SafeTensorsFile actual = SafeTensors.read(run.resolve("last.safetensors"));
        assertEquals("30", actual.metadata().get("train.step"));
        for (Map.Entry<String, Tensor> e : expected.tensors().entrySet()) {
            Tensor a = actual.tensors().get(e.getKey());
            assertTrue(a != null, "the resumed checkpoint lacks " + e.getKey());
            assertArrayEquals(e.getValue().f32Data(), a.f32Data(), e.getKey() + " differs from the version-1 run's");
        }
    }
}
