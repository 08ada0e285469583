package dev.rnn.cli;

import dev.rnn.model.CellType;
import dev.rnn.model.Nonlinearity;
import dev.rnn.train.ModelSpec;
import picocli.CommandLine.Option;

/** The architecture options of {@code rnn train} and {@code rnn bench}: a {@link ModelSpec}, with each command's defaults. */
final class ModelOptions extends OptionGroup<ModelSpec> {
    @Option(names = "--cell", description = "lstm, gru or rnn.")
    CellType cell;
    @Option(names = "--activation", description = "tanh or relu (for --cell rnn).")
    Nonlinearity activation;
    @Option(names = "--identity-init", arity = "0..1", fallbackValue = "true",
            description = "Identity recurrent matrix and zero biases (rnn with relu; Le et al. 2015).")
    boolean identityInit;
    @Option(names = "--hidden", description = "Hidden units per layer (H).")
    int hidden;
    @Option(names = "--layers", description = "Stacked recurrent layers (L).")
    int layers;
    @Option(names = "--dropout", description = "Dropout between layers and before the decoder, in [0, 1).")
    float dropout;
    @Option(names = "--layer-norm", arity = "0..1", fallbackValue = "true",
            description = "Layer-normalised LSTM or GRU (Ba et al. 2016): LN of W_ih·x, of W_hh·h and (LSTM) of c_t.")
    boolean layerNorm;
    @Option(names = "--locked-dropout", arity = "0..1", fallbackValue = "true",
            description = "Variational dropout: each stream's --dropout mask stays the same for a whole chunk.")
    boolean lockedDropout;
    @Option(names = "--weight-drop", description = "DropConnect on the recurrent weights W_hh in training, in [0, 1).")
    float weightDrop;

    ModelOptions(ModelSpec defaults) {
        set(defaults);
    }

    @Override
    ModelSpec toRecord() {
        return new ModelSpec(cell, activation, identityInit, hidden, layers, dropout, layerNorm, lockedDropout, weightDrop);
    }

    @Override
    void set(ModelSpec m) {
        cell = m.cell();
        activation = m.activation();
        identityInit = m.identityInit();
        hidden = m.hidden();
        layers = m.layers();
        dropout = m.dropout();
        layerNorm = m.layerNorm();
        lockedDropout = m.lockedDropout();
        weightDrop = m.weightDrop();
    }
}
