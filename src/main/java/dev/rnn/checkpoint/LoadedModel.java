package dev.rnn.checkpoint;

import dev.rnn.data.Vocabulary;
import dev.rnn.model.CharRnn;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model read from a checkpoint, with its vocabulary, the file's metadata and its other tensors
 * (optimizer state, stream states) for a resume.
 */
public record LoadedModel(Path file, CharRnn model, Vocabulary vocab, Map<String, String> metadata,
                          Map<String, Tensor> tensors) {
}
