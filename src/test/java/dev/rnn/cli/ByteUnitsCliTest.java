package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.checkpoint.SafeTensors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rnn train --units bytes} on astral-plane text: eval reports bits per byte and per character; samples are valid text. */
class ByteUnitsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aByteLevelRunTrainsEvaluatesAndSamplesValidText(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("astral.txt");
        Files.writeString(corpus, "𝔸𝔹 中文 é 😀 ok\n".repeat(300));
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", corpus.toString(), "--units", "bytes", "--out", run.toString(), "--hidden", "8",
                "--layers", "1", "--batch", "4", "--seq-len", "8", "--max-steps", "3", "--sample-len", "30",
                "--threads", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        Path last = run.resolve("last.safetensors");
        assertEquals("bytes", SafeTensors.read(last).metadata().get("units"));

        Path text = dir.resolve("score.txt");
        Files.writeString(text, "中文 😀 ok\n");
        Cli.Result eval = Cli.run("eval", text.toString(), "--checkpoint", last.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode j = JSON.readTree(eval.out());
        long bytes = "中文 😀 ok\n".getBytes(StandardCharsets.UTF_8).length - 1;
        long chars = "中文 😀 ok\n".codePointCount(0, "中文 😀 ok\n".length()) - 1;
        assertEquals(bytes, j.get("bytes").asLong());
        assertEquals(chars, j.get("chars").asLong());
        assertEquals(j.get("bits_per_byte").asDouble() * bytes / chars, j.get("bits_per_char").asDouble(), 1e-6);

        Cli.Result sample = Cli.run("sample", "--checkpoint", last.toString(), "--seed", "𝔸", "--len", "200",
                "--random-seed", "3");
        assertEquals(0, sample.code(), sample.err());
        String out = sample.out();
        assertTrue(out.startsWith("𝔸"), out);
        // valid text: it survives a strict round trip through UTF-8
        byte[] utf8 = out.getBytes(StandardCharsets.UTF_8);
        assertEquals(out, StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(utf8)).toString());

        Cli.Result info = Cli.run("info", last.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().matches("(?s).*\\nvocabulary +\\d+ byte values \\(UTF-8\\)\\n.*"), info.out());
        BadInputTest.assertError(Cli.run("train", corpus.toString(), "--units", "bytes", "--max-vocab", "10", "--out",
                dir.resolve("no").toString()), 2, "--max-vocab and --min-count apply to --units codepoints");
    }
}
