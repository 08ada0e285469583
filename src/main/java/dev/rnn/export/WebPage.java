package dev.rnn.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rnn.checkpoint.LoadedModel;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The static page that samples from an exported model in the browser: {@code index.html} and
 * {@code rnn-sampler.js} (from this jar), {@code model.onnx}, {@code model.json} (vocabulary and
 * state sizes for the page) and onnxruntime-web's wasm build under {@code ort/} with its licence.
 * onnxruntime-web is not in the jar: {@code scripts/fetch-onnxruntime-web.sh} fetches the pinned
 * version from the npm registry into a folder that this copies from.
 */
public final class WebPage {
    /** The onnxruntime-web version the page is written and tested for. */
    public static final String ORT_WEB_VERSION = "1.23.2";
    /** The files copied from the onnxruntime-web folder into {@code ort/}. */
    static final List<String> ORT_FILES = List.of("ort.wasm.min.js", "ort-wasm-simd-threaded.mjs",
            "ort-wasm-simd-threaded.wasm", "LICENSE", "package.json");
    static final List<String> PAGE_FILES = List.of("index.html", "rnn-sampler.js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebPage() {
    }

    /** Where scripts/fetch-onnxruntime-web.sh puts the files unless told otherwise. */
    public static Path defaultOrtDir() {
        String env = System.getenv("RNN_ORT_WEB");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "rnn", "onnxruntime-web-" + ORT_WEB_VERSION);
    }

    /** Refuses, before anything is written, an onnxruntime-web folder that lacks a file the page needs. */
    static void checkOrtDir(Path ortDir) throws ExportException {
        List<String> missing = new ArrayList<>();
        for (String f : ORT_FILES) {
            if (!Files.isRegularFile(ortDir.resolve(f))) {
                missing.add(f);
            }
        }
        if (!missing.isEmpty()) {
            throw new ExportException("onnxruntime-web " + ORT_WEB_VERSION + " is not in " + ortDir + " (missing "
                    + String.join(", ", missing) + "); fetch it with scripts/fetch-onnxruntime-web.sh " + ortDir
                    + " (npm pack of the pinned version), or give --onnxruntime-web DIR");
        }
    }

    /** Refuses, before anything is written, an existing {@code dir} or an incomplete onnxruntime-web folder. */
    public static void checkOutputs(Path dir, Path ortDir) throws ExportException {
        Outputs.requireAbsent(dir);
        checkOrtDir(ortDir);
    }

    /** Writes the page for {@code loaded} into {@code dir}, which must not exist; all or nothing. */
    public static void write(LoadedModel loaded, Path dir, Path ortDir, String producerVersion) throws ExportException {
        checkOutputs(dir, ortDir);
        byte[] onnx = OnnxModel.build(loaded, producerVersion).toByteArray();
        byte[] config = modelJson(loaded);
        Outputs.writeDirectory(dir, tmp -> {
            Files.write(tmp.resolve("model.onnx"), onnx);
            Files.write(tmp.resolve("model.json"), config);
            for (String f : PAGE_FILES) {
                try (InputStream in = WebPage.class.getResourceAsStream("/web/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("the jar lacks /web/" + f + "; rebuild rnn");
                    }
                    Files.copy(in, tmp.resolve(f));
                }
            }
            Path ort = Files.createDirectory(tmp.resolve("ort"));
            for (String f : ORT_FILES) {
                Files.copy(ortDir.resolve(f), ort.resolve(f));
            }
        });
    }

    /** What the page needs besides the graph: the vocabulary and the state sizes, as model.json. */
    static byte[] modelJson(LoadedModel loaded) throws ExportException {
        ObjectNode o = JSON.createObjectNode();
        try {
            for (String key : OnnxModel.COPIED_METADATA) {
                String v = loaded.metadata().get(key);
                if (v == null) {
                    continue;
                }
                if (OnnxModel.JSON_METADATA.contains(key)) {
                    o.set(key, JSON.readTree(v));
                } else if (key.equals("hidden_size") || key.equals("num_layers") || key.equals("unk_id")) {
                    o.put(key, Integer.parseInt(v.trim()));
                } else {
                    o.put(key, v);
                }
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o);
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new ExportException("checkpoint " + loaded.file() + " has metadata export cannot read (" + e.getMessage()
                    + "); the checkpoint is damaged: export another one", e);
        }
    }
}
