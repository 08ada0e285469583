package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.checkpoint.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rnn train --max-vocab}: the run's vocabulary has an unknown entry named by unk_id, eval
 * says how many characters were unknown and charges them -log q(c), a seed with characters
 * outside the vocabulary is refused unless --map-unknown.
 */
class VocabularyPolicyCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunWithMaxVocabScoresUnknownCharactersHonestly(@TempDir Path dir) throws Exception {
        Path corpus = Cli.corpus(dir);
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", corpus.toString(), "--out", run.toString(), "--max-vocab", "8", "--hidden", "8",
                "--layers", "1", "--batch", "4", "--seq-len", "8", "--max-steps", "3", "--sample-len", "20",
                "--threads", "1", "--quiet");
        assertEquals(0, r.code(), r.err());
        Path last = run.resolve("last.safetensors");
        Map<String, String> meta = SafeTensors.read(last).metadata();
        JsonNode vocab = JSON.readTree(meta.get("vocab"));
        assertEquals(8, vocab.size());
        int unk = Integer.parseInt(meta.get("unk_id"));
        assertEquals("\uFFFD", vocab.get(unk).asText());
        assertEquals(8, JSON.readTree(meta.get(dev.rnn.train.RunConfig.KEY)).get("data").get("maxVocab").asInt());

        Cli.Result eval = Cli.run("eval", corpus.toString(), "--checkpoint", last.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        JsonNode score = JSON.readTree(eval.out());
        String text = Files.readString(corpus);
        java.util.Set<String> kept = new java.util.HashSet<>();
        vocab.forEach(e -> kept.add(e.asText()));
        long unknown = text.substring(1).codePoints().filter(cp -> !kept.contains(new String(Character.toChars(cp)))).count();
        assertTrue(unknown > 0);
        assertEquals(unknown, score.get("unknown_chars").asLong());
        assertEquals(text.length() - 1, score.get("chars").asLong());
        // every character costs at least -log q(c) on top of the model's loss, so this is well above 0
        assertTrue(score.get("nats_per_char").asDouble() > 0.5, score.toString());

        Cli.Result info = Cli.run("info", last.toString());
        assertTrue(info.out().contains("vocabulary      8 characters (id " + unk + " is U+FFFD, the unknown entry, for "),
                info.out());

        Cli.Result refused = Cli.run("sample", "--checkpoint", last.toString(), "--seed", "Shall", "--len", "5",
                "--random-seed", "1");
        BadInputTest.assertError(refused, 2, "does not know", "--map-unknown");
        Cli.Result mapped = Cli.run("sample", "--checkpoint", last.toString(), "--seed", "Shall", "--len", "5",
                "--random-seed", "1", "--map-unknown");
        assertEquals(0, mapped.code(), mapped.err());
        assertTrue(mapped.out().startsWith("Shall"), mapped.out());
    }
}
