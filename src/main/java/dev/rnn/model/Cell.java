package dev.rnn.model;

/**
 * The gate math of one recurrent cell type, and nothing else: the time loop in
 * {@link RecurrentLayer} owns the products with the weights, the state carry, the caches and the
 * reverse loop. Each method handles rows [from, to) of one time step (see {@link CellStep}); ranges
 * of one step may run on different threads at once, so a method writes only its own rows.
 */
interface Cell {

    /** G: the number of H-wide gate blocks. */
    int gates();

    /**
     * Whether the recurrent pre-activations stay apart from the input ones (GRU multiplies the
     * recurrent part of n by r). Otherwise the loop adds h_{t-1}·W_hhᵀ + b_hh into the gates.
     */
    boolean separateRecurrent();

    /** Whether the cell carries a second state c beside h (LSTM). */
    boolean hasCellState();

    /** Floats per row cached in {@link CellStep#aux} for the backward step. */
    int auxWidth(int hidden);

    /** Gate activations, h_t (and c_t) from the pre-activations and h_{t-1} (and c_{t-1}), for rows [from, to). */
    void forward(CellStep s, int from, int to);

    /**
     * From dL/dh_t (and dL/dc_t), the gradients of this step's pre-activations, the part of
     * dL/dh_{t-1} that bypasses W_hh, and (LSTM) dL/dc_{t-1}, for rows [from, to).
     */
    void backward(CellStep s, int from, int to);

    /** The cell for a configuration. */
    static Cell of(ModelConfig config) {
        return switch (config.cell()) {
            case LSTM -> new LstmCell(config.layerNorm());
            case GRU -> new GruCell(); // with layer norm only its inputs change: the loop normalises them
            case RNN -> new RnnCell(config.nonlinearity());
        };
    }
}
