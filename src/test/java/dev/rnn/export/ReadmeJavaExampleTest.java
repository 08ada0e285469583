package dev.rnn.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.checkpoint.LoadedModel;
import dev.rnn.data.Vocabulary;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.sample.Sampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java example (the lines between the README markers below, which the README must
 * hold verbatim) samples from an exported model with ONNX Runtime alone, and at temperature 0
 * writes what rnn's sampler writes.
 */
class ReadmeJavaExampleTest {
    @Test
    void theReadmesJavaExampleSamplesWhatRnnSamples(@TempDir Path dir) throws Exception {
        Vocabulary vocab = Vocabulary.of("\nabcdefgh 𝔸😀".codePoints().toArray());
        LoadedModel loaded = OnnxModelTest.roundTrip(dir, new ModelConfig(CellType.LSTM, Nonlinearity.TANH, vocab.size(), 16, 2, 0f), vocab, 9);
        Path model = dir.resolve("model.onnx");
        Files.write(model, OnnxModel.build(loaded, "test").toByteArray());

        String text = greedy(model.toString(), "bad 𝔸", 40);

        Sampler sampler = new Sampler(loaded.model(), 0f, 0, new Rng(1));
        sampler.warmUp(vocab.encode("bad 𝔸"));
        StringBuilder expected = new StringBuilder("bad 𝔸");
        for (int i = 0; i < 40; i++) {
            vocab.appendTo(expected, sampler.next());
        }
        assertEquals(expected.toString(), text);
    }

    @Test
    void theReadmeHoldsTheExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/rnn/export/ReadmeJavaExampleTest.java"));
        String begin = "// README begin\n";
        int from = source.indexOf(begin) + begin.length();
        String example = source.substring(from, source.indexOf("        // README end", from));
        String unindented = example.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(Files.readString(Path.of("README.md")).contains(unindented), "README.md lacks the example:\n" + unindented);
    }

    /** Greedy sampling with ONNX Runtime's Java API and Jackson only, as in the README. */
    static String greedy(String path, String seed, int len) throws Exception {
        // README begin
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(path)) {
            Map<String, String> meta = session.getMetadata().getCustomMetadata();
            List<String> vocab = List.of(new ObjectMapper().readValue(meta.get("vocab"), String[].class));
            int layers = Integer.parseInt(meta.get("num_layers"));
            int hidden = Integer.parseInt(meta.get("hidden_size"));
            float[][][] h = new float[layers][1][hidden];  // (L, N=1, H), zeros
            float[][][] c = new float[layers][1][hidden];  // only an LSTM has c0/cT
            boolean lstm = meta.get("cell").equals("lstm");
            long[] ids = seed.codePoints().mapToLong(cp -> vocab.indexOf(Character.toString(cp))).toArray();
            StringBuilder text = new StringBuilder(seed);
            for (int i = 0; i < len; i++) {
                try (OnnxTensor x = OnnxTensor.createTensor(env, new long[][] {ids});
                     OnnxTensor h0 = OnnxTensor.createTensor(env, h);
                     OnnxTensor c0 = OnnxTensor.createTensor(env, c);
                     OrtSession.Result r = session.run(lstm ? Map.of("ids", x, "h0", h0, "c0", c0) : Map.of("ids", x, "h0", h0))) {
                    float[] logits = ((float[][][]) r.get("logits").get().getValue())[0][ids.length - 1];
                    int next = 0;  // temperature 0: the most likely character
                    for (int j = 1; j < logits.length; j++) {
                        next = logits[j] > logits[next] ? j : next;
                    }
                    text.append(vocab.get(next));
                    ids = new long[] {next};
                    h = (float[][][]) r.get("hT").get().getValue();
                    c = lstm ? (float[][][]) r.get("cT").get().getValue() : c;
                }
            }
            return text.toString();
        }
        // README end
    }
}
