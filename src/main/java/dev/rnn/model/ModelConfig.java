package dev.rnn.model;

/**
 * The architecture of a character model: V one-hot inputs, L stacked cells of H units, a linear
 * decoder H → V. Immutable and validated on construction.
 *
 * @param cell         the cell type
 * @param nonlinearity tanh or relu, for {@link CellType#RNN}; tanh otherwise (unused)
 * @param vocabSize    V
 * @param hidden       H
 * @param layers       L
 * @param dropout      inverted-dropout probability between layers and before the decoder, in [0, 1)
 * @param layerNorm    layer-normalised LSTM or GRU (Ba et al. 2016 §3.1): LN of W_ih·x and of
 *                     W_hh·h (their biases replace b_ih and b_hh), and for the LSTM of c_t before its tanh
 * @param lockedDropout variational dropout (Gal and Ghahramani 2016; AWD-LSTM's locked dropout): one
 *                     mask per stream and chunk, the same at every step, in the same places as dropout
 * @param weightDrop   DropConnect on W_hh in training (AWD-LSTM's weight drop), in [0, 1): one mask
 *                     of W_hh's entries per chunk
 */
public record ModelConfig(CellType cell, Nonlinearity nonlinearity, int vocabSize, int hidden, int layers,
                          float dropout, boolean layerNorm, boolean lockedDropout, float weightDrop) {

    /** Without layer normalisation, locked dropout or weight drop. */
    public ModelConfig(CellType cell, Nonlinearity nonlinearity, int vocabSize, int hidden, int layers, float dropout) {
        this(cell, nonlinearity, vocabSize, hidden, layers, dropout, false);
    }

    /** Without locked dropout or weight drop. */
    public ModelConfig(CellType cell, Nonlinearity nonlinearity, int vocabSize, int hidden, int layers, float dropout,
                       boolean layerNorm) {
        this(cell, nonlinearity, vocabSize, hidden, layers, dropout, layerNorm, false, 0f);
    }

    public ModelConfig {
        if (cell == null || nonlinearity == null) {
            throw new IllegalArgumentException("cell and nonlinearity are required");
        }
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabulary size is " + vocabSize + ", expected at least 1");
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden size is " + hidden + ", expected at least 1");
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers is " + layers + ", expected at least 1");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout is " + dropout + ", expected a value in [0, 1)");
        }
        if (!(weightDrop >= 0f && weightDrop < 1f)) {
            throw new IllegalArgumentException("weight drop is " + weightDrop + ", expected a value in [0, 1)");
        }
        if (layerNorm && cell == CellType.RNN) {
            throw new IllegalArgumentException("layer normalisation applies to the lstm and gru cells, not rnn");
        }
    }

    /** G·H: the rows of each layer's weight matrices. */
    public int gateRows() {
        return cell.gates() * hidden;
    }

    /** The input width of layer {@code l}: V for layer 0, H above it. */
    public int inputSize(int l) {
        return l == 0 ? vocabSize : hidden;
    }

    /** The number of state matrices per layer: 2 (h, c) for LSTM, 1 (h) otherwise. */
    public int statesPerLayer() {
        return cell == CellType.LSTM ? 2 : 1;
    }

    /** The total number of parameters. */
    public long parameterCount() {
        long g = gateRows();
        long total = 0;
        for (int l = 0; l < layers; l++) {
            total += g * inputSize(l) + g * hidden + 2 * g;
            if (layerNorm) { // gains beside the biases, and (LSTM) the cell norm's gain and bias
                total += 2 * g + (cell == CellType.LSTM ? 2L * hidden : 0);
            }
        }
        return total + (long) vocabSize * hidden + vocabSize;
    }

    /** A short description such as {@code lstm 2x128} or {@code rnn(relu) 1x100}. */
    public String describe() {
        String c = cell == CellType.RNN ? "rnn(" + nonlinearity.id() + ")" : cell.id();
        return c + (layerNorm ? "-ln" : "") + " " + layers + "x" + hidden;
    }
}
