package dev.rnn.train;

import dev.rnn.data.Vocabulary;
import dev.rnn.math.Param;
import dev.rnn.model.CharRnn;
import dev.rnn.model.ModelConfig;

/**
 * Fine-tuning's start ({@code --init-from}, as char-rnn's {@code -init_from}): a new model takes a
 * trained model's weights, character by character where the vocabulary decides the shape (the
 * columns of layer 0's {@code weight_ih}, the rows of the decoder); a character the trained model
 * did not have keeps its fresh initialisation.
 */
final class InitFrom {
    private InitFrom() {
    }

    /**
     * Copies {@code from}'s weights into {@code to}, which must have the same cell, hidden size and
     * layers and the same units; returns how many of {@code to}'s characters are new.
     */
    static int copy(CharRnn from, Vocabulary fromVocab, CharRnn to, Vocabulary toVocab, String fromName) {
        ModelConfig a = from.config();
        ModelConfig b = to.config();
        if (a.cell() != b.cell() || a.nonlinearity() != b.nonlinearity() || a.hidden() != b.hidden()
                || a.layers() != b.layers()) {
            throw new IllegalArgumentException("--init-from " + fromName + " holds a " + a.describe() + " model; this run"
                    + " is " + b.describe() + ": give the same --cell, --activation, --hidden and --layers");
        }
        if (fromVocab.units() != toVocab.units()) {
            throw new IllegalArgumentException("--init-from " + fromName + " reads " + fromVocab.units().id()
                    + "; this run reads " + toVocab.units().id() + ": give the same --units");
        }
        int v = toVocab.size();
        int[] old = new int[v]; // (V) the trained model's id of each character, or -1
        int fresh = 0;
        int[] values = toVocab.values();
        for (int id = 0; id < v; id++) {
            old[id] = fromVocab.id(values[id]);
            if (old[id] < 0) {
                fresh++;
            }
        }
        int oldV = fromVocab.size();
        for (Param p : to.params()) {
            float[] dst = p.value().data;
            float[] src = from.param(p.name()).value().data;
            switch (p.name()) {
                case "rnn.weight_ih_l0" -> { // (G*H, V): a column per character
                    int rows = p.shape()[0];
                    for (int r = 0; r < rows; r++) {
                        for (int id = 0; id < v; id++) {
                            if (old[id] >= 0) {
                                dst[r * v + id] = src[r * oldV + old[id]];
                            }
                        }
                    }
                }
                case "decoder.weight" -> { // (V, H): a row per character
                    int h = p.shape()[1];
                    for (int id = 0; id < v; id++) {
                        if (old[id] >= 0) {
                            System.arraycopy(src, old[id] * h, dst, id * h, h);
                        }
                    }
                }
                case "decoder.bias" -> { // (V)
                    for (int id = 0; id < v; id++) {
                        if (old[id] >= 0) {
                            dst[id] = src[old[id]];
                        }
                    }
                }
                default -> System.arraycopy(src, 0, dst, 0, p.size());
            }
        }
        return fresh;
    }
}
