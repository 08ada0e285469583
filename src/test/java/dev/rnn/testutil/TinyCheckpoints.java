package dev.rnn.testutil;

import dev.rnn.backend.Backends;
import dev.rnn.checkpoint.ModelCheckpoint;
import dev.rnn.data.Vocabulary;
import dev.rnn.math.Rng;
import dev.rnn.model.CellType;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import java.nio.file.Path;
import java.util.Map;

/** Small randomly initialised checkpoints for tests that need a file, not a trained model. */
public final class TinyCheckpoints {
    private TinyCheckpoints() {
    }

    /**
     * Writes a {@code cell} model of L x H over the characters of {@code chars} to {@code file}; its
     * weights are PyTorch's initialisation times {@code scale} (above 1: peakier distributions).
     */
    public static Path write(Path file, CellType cell, String chars, int hidden, int layers, float scale, long seed)
            throws Exception {
        Vocabulary vocab = Vocabulary.of(chars.codePoints().toArray());
        CharRnn m = new CharRnn(new ModelConfig(cell, Nonlinearity.TANH, vocab.size(), hidden, layers, 0f),
                Backends.best(1));
        m.initialize(new Rng(seed), false);
        for (var p : m.params()) {
            float[] v = p.value().data;
            for (int i = 0; i < p.size(); i++) {
                v[i] *= scale;
            }
        }
        ModelCheckpoint.save(file, m, vocab, Map.of(), null, null);
        return file;
    }

    /** An LSTM 2x16 over letters, space, punctuation, tab and newline, weights x3. */
    public static Path lstm(Path dir) throws Exception {
        return write(dir.resolve("tiny.safetensors"), CellType.LSTM,
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;!?'\n<>/\t&-\"", 16, 2, 3f, 11);
    }
}
