package dev.rnn.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.data.Vocabulary;
import dev.rnn.model.CellType;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web page's folder: its files, model.json, and all-or-nothing writes. */
class WebPageTest {
    private static final int[] CODE_POINTS = {'\n', 'a', 'b', 0x1D538, 0x1F600};

    @Test
    void writesThePageTheModelAndOnnxruntimeWeb(@TempDir Path dir) throws Exception {
        LoadedModel loaded = model(dir);
        Path ort = fakeOrt(dir);
        Path site = dir.resolve("site");
        WebPage.write(loaded, site, ort, "test");
        assertEquals(List.of("index.html", "model.json", "model.onnx", "ort", "rnn-sampler.js"), names(site));
        assertEquals(WebPage.ORT_FILES.stream().sorted().toList(), names(site.resolve("ort")));
        assertEquals("content of LICENSE", Files.readString(site.resolve("ort/LICENSE")));
        JsonNode json = new ObjectMapper().readTree(site.resolve("model.json").toFile());
        assertEquals("gru", json.get("cell").asText());
        assertEquals(3, json.get("hidden_size").asInt());
        assertEquals(2, json.get("num_layers").asInt());
        assertEquals("𝔸", json.get("vocab").get(3).asText());
        assertEquals(CODE_POINTS.length, json.get("vocab").size());
        assertTrue(Files.readString(site.resolve("index.html")).contains("ort/ort.wasm.min.js"));
        onnx.Onnx.ModelProto m = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(site.resolve("model.onnx")));
        assertEquals(2, m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("GRU")).count());
        assertEquals(List.of("ort", "run", "site"), names(dir)); // no temporary left beside it
    }

    @Test
    void missingOnnxruntimeWebSaysHowToFetchItAndWritesNothing(@TempDir Path dir) throws Exception {
        LoadedModel loaded = model(dir);
        Path ort = fakeOrt(dir);
        Files.delete(ort.resolve("ort-wasm-simd-threaded.wasm"));
        ExportException e = assertThrows(ExportException.class, () -> WebPage.write(loaded, dir.resolve("site"), ort, "test"));
        assertTrue(e.getMessage().contains("missing ort-wasm-simd-threaded.wasm"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-onnxruntime-web.sh"), e.getMessage());
        assertEquals(List.of("ort", "run"), names(dir));
    }

    @Test
    void anExistingDirectoryIsLeftAlone(@TempDir Path dir) throws Exception {
        LoadedModel loaded = model(dir);
        Path site = Files.createDirectory(dir.resolve("site"));
        Files.writeString(site.resolve("mine.txt"), "mine");
        Path noOrt = dir.resolve("no-ort"); // the existing directory is named first
        ExportException e = assertThrows(ExportException.class, () -> WebPage.write(loaded, site, noOrt, "test"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(List.of("mine.txt"), names(site));
    }

    @Test
    void theDefaultFolderIsTheFetchScriptsAndNamesThePinnedVersion() throws Exception {
        Path script = Path.of("scripts/fetch-onnxruntime-web.sh");
        assertTrue(Files.readString(script).contains("version=" + WebPage.ORT_WEB_VERSION + " "), "the script pins another version");
        if (System.getenv("RNN_ORT_WEB") == null) {
            assertTrue(WebPage.defaultOrtDir().endsWith(Path.of(".cache/rnn/onnxruntime-web-" + WebPage.ORT_WEB_VERSION)));
        }
    }

    private static LoadedModel model(Path dir) throws Exception {
        Vocabulary vocab = Vocabulary.of(CODE_POINTS);
        return OnnxModelTest.roundTrip(Files.createDirectories(dir.resolve("run")),
                new ModelConfig(CellType.GRU, Nonlinearity.TANH, vocab.size(), 3, 2, 0f), vocab, 5);
    }

    private static Path fakeOrt(Path dir) throws Exception {
        Path ort = Files.createDirectories(dir.resolve("ort"));
        for (String f : WebPage.ORT_FILES) {
            Files.writeString(ort.resolve(f), "content of " + f);
        }
        return ort;
    }

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
