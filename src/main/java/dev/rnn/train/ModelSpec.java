package dev.rnn.train;

import dev.rnn.model.CellType;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;

/**
 * The architecture a run trains, fixed for its lifetime: {@code --cell}, {@code --activation},
 * {@code --identity-init}, {@code --hidden}, {@code --layers}, {@code --dropout}, {@code --layer-norm}, {@code --locked-dropout}, {@code --weight-drop}. With the
 * corpus's vocabulary it becomes the model's own {@link ModelConfig}.
 *
 * @param cell         lstm, gru or rnn
 * @param activation   tanh or relu, for rnn
 * @param identityInit identity recurrent matrix and zero biases (ReLU RNN, Le et al. 2015)
 * @param hidden       H
 * @param layers       L
 * @param dropout      between layers and before the decoder, in [0, 1)
 * @param layerNorm    layer-normalised LSTM or GRU (Ba et al. 2016)
 * @param lockedDropout the dropout mask of each stream fixed over a chunk (variational dropout)
 * @param weightDrop   DropConnect on W_hh in training, in [0, 1)
 */
public record ModelSpec(CellType cell, Nonlinearity activation, boolean identityInit, int hidden, int layers,
                        float dropout, boolean layerNorm, boolean lockedDropout, float weightDrop) {
    /** {@code rnn train}'s defaults: an LSTM 2×256 without dropout, layer norm or weight drop. */
    public static final ModelSpec DEFAULT = new ModelSpec(CellType.LSTM, Nonlinearity.TANH, false, 256, 2, 0f, false,
            false, 0f);

    public ModelSpec {
        Specs.require(cell != null && activation != null, "--cell and --activation are required");
        Specs.require(hidden >= 1, "--hidden is " + hidden + "; it must be at least 1");
        Specs.require(layers >= 1, "--layers is " + layers + "; it must be at least 1");
        Specs.require(dropout >= 0 && dropout < 1, "--dropout is " + dropout + "; it must be in [0, 1)");
        Specs.require(!identityInit || (cell == CellType.RNN && activation == Nonlinearity.RELU),
                "--identity-init applies to --cell rnn --activation relu only");
        Specs.require(!layerNorm || cell != CellType.RNN, "--layer-norm applies to --cell lstm and gru only");
        Specs.require(weightDrop >= 0 && weightDrop < 1, "--weight-drop is " + weightDrop + "; it must be in [0, 1)");
        Specs.require(!lockedDropout || dropout > 0, "--locked-dropout needs --dropout above 0");
    }

    /** The model's configuration for a vocabulary of {@code vocabSize} characters. */
    public ModelConfig config(int vocabSize) {
        return new ModelConfig(cell, activation, vocabSize, hidden, layers, dropout, layerNorm, lockedDropout, weightDrop);
    }
}
