package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.train.TrainingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn export}: what it writes, and one-line errors that leave nothing half-written. */
class ExportCommandTest {
    @TempDir
    static Path shared;
    static String ckpt;

    @BeforeAll
    static void train() throws Exception {
        Path run = shared.resolve("run");
        Cli.Result t = Cli.run("train", Cli.corpus(shared).toString(), "--out", run.toString(), "--hidden", "8", "--layers", "2",
                "--batch", "4", "--seq-len", "8", "--max-steps", "2", "--sample-len", "0", "--threads", "1", "--quiet");
        assertEquals(0, t.code(), t.err());
        ckpt = run.resolve(TrainingSession.LAST).toString();
    }

    @Test
    void writesAnOnnxModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.onnx");
        Cli.Result r = Cli.run("export", "--checkpoint", ckpt, "--onnx", out.toString());
        assertEquals(0, r.code(), r.err());
        onnx.Onnx.ModelProto m = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals(2, m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("LSTM")).count());
        assertEquals(List.of(out.getFileName().toString()), names(dir));
    }

    @Test
    void badCheckpointIsOneLineAndWritesNothing(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.safetensors");
        Files.writeString(bad, "not a checkpoint");
        Cli.Result r = Cli.run("export", "--checkpoint", bad.toString(), "--onnx", dir.resolve("m.onnx").toString());
        assertEquals(1, r.code());
        assertTrue(r.errorLine().contains("bad.safetensors"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        assertEquals(List.of("bad.safetensors"), names(dir));
    }

    @Test
    void unwritableOutputIsOneLineAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        // a directory where the file should go: the rename fails even for root, after the model was written
        Path taken = Files.createDirectory(dir.resolve("m.onnx"));
        Files.writeString(taken.resolve("keep.txt"), "mine");
        BadInputTest.assertError(Cli.run("export", "--checkpoint", ckpt, "--onnx", taken.toString()), 1, "cannot write", "m.onnx");
        assertEquals(List.of("m.onnx"), names(dir));
        assertEquals(List.of("keep.txt"), names(taken));
    }

    @Test
    void missingDirectoryIsOneLine(@TempDir Path dir) {
        BadInputTest.assertError(Cli.run("export", "--checkpoint", ckpt, "--onnx", dir.resolve("no/such/m.onnx").toString()),
                1, "does not exist");
    }

    @Test
    void layerNormalisedCellsAreRefusedInOneLine(@TempDir Path dir) throws Exception {
        var backend = dev.rnn.backend.Backends.best(1);
        var loaded = dev.rnn.checkpoint.ModelCheckpoint.load(Path.of(ckpt), backend);
        var plain = loaded.model().config();
        var config = new dev.rnn.model.ModelConfig(plain.cell(), plain.nonlinearity(), plain.vocabSize(), plain.hidden(),
                plain.layers(), 0f, true, false, 0f);
        var model = new dev.rnn.model.CharRnn(config, backend);
        model.initialize(new dev.rnn.math.Rng(1), false);
        Path ln = dir.resolve("ln.safetensors");
        dev.rnn.checkpoint.ModelCheckpoint.save(ln, model, loaded.vocab(), java.util.Map.of(), null, null);
        BadInputTest.assertError(Cli.run("export", "--checkpoint", ln.toString(), "--onnx", dir.resolve("m.onnx").toString()),
                1, "layer-normalised", "ln.safetensors");
        assertEquals(List.of("ln.safetensors"), names(dir));
    }

    @Test
    void nothingToExportIsAUsageError() {
        BadInputTest.assertError(Cli.run("export", "--checkpoint", ckpt), 2, "nothing to export");
    }

    @Test
    void webWithoutOnnxruntimeWebSaysHowToFetchItAndWritesNotEvenTheOnnx(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("site");
        Path none = dir.resolve("nothing-here");
        BadInputTest.assertError(Cli.run("export", "--checkpoint", ckpt, "--onnx", dir.resolve("m.onnx").toString(),
                "--web", site.toString(), "--onnxruntime-web", none.toString()), 1, "scripts/fetch-onnxruntime-web.sh " + none);
        assertEquals(List.of(), names(dir));
    }

    @Test
    void anExistingWebDirectoryIsAnError(@TempDir Path dir) throws Exception {
        Path site = Files.createDirectory(dir.resolve("site"));
        BadInputTest.assertError(Cli.run("export", "--checkpoint", ckpt, "--web", site.toString()), 1, "already exists");
        assertEquals(List.of(), names(site));
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
