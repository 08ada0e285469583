package dev.rnn.model;

import dev.rnn.math.Parallel;
import org.ejml.data.FMatrixRMaj;

/**
 * One layer's run-state for chunks of T steps of N rows, allocated once. Sequence buffers are
 * time-major: the rows of step t are rows [t*N, (t+1)*N).
 */
final class LayerBuffers {
    final float[] gates;   // (T*N, G*H) pre-activations, then gate activations
    final float[] rec;     // (T*N, G*H) recurrent pre-activations (GRU), else empty
    final float[] hs;      // ((T+1)*N, H): block 0 = h_0, block t+1 = h_t (the layer output)
    final float[] cs;      // ((T+1)*N, H) LSTM cell states, else empty
    final float[] aux;     // (T*N, auxWidth)
    final float[] bias;    // (G*H): b_ih + b_hh, for cells that add the recurrent part into the gates
    final float[] dGates;  // (T*N, G*H)
    final float[] dBias;   // (G*H): the column sums of dGates, for cells that add b_ih + b_hh
    final float[] dRec;    // (T*N, G*H) (GRU), else empty
    final float[] dOut;    // (T*N, H): dL/d(layer output), filled by the layer above or the decoder
    final float[] dh;      // (N, H): dL/dh_t at the current step of the reverse loop
    final float[] dhRec;   // (N, H): dL/dh_{t-1} gathered for the next iteration; dL/dh_0 at the end
    final float[] dc;      // (N, H): dL/dc carried backwards; dL/dc_0 at the end (LSTM)
    final FMatrixRMaj whhT;  // (H, G*H) W_hhᵀ for an inference workspace's products; null in training
    /**
     * (H*G*H) W_hh in {@link dev.rnn.math.MatMul#pack}'s layout for a training chunk of T > 1
     * steps: W_hhᵀ during forward, W_hh during backward. Empty in an inference workspace.
     */
    final float[] whhPacked;
    final FMatrixRMaj wihT;  // (D, G*H) W_ihᵀ: layer 0's gather reads rows of it; dW_ihᵀ in backward
    final CellStep step = new CellStep();
    /** The cell's forward and backward step over a range of rows, bound once so a step allocates nothing. */
    final Parallel.Range cellForward;
    final Parallel.Range cellBackward;

    /**
     * @param input     D: the layer's input width (V for the one-hot layer 0)
     * @param inference for an inference workspace (forward only, on transposed copies of the weights)
     */
    LayerBuffers(Cell cell, int n, int t, int input, int hidden, boolean inference) {
        int gh = cell.gates() * hidden;
        int rows = n * t;
        gates = new float[rows * gh];
        rec = new float[cell.separateRecurrent() ? rows * gh : 0];
        hs = new float[(t + 1) * n * hidden];
        cs = new float[cell.hasCellState() ? (t + 1) * n * hidden : 0];
        aux = new float[rows * cell.auxWidth(hidden)];
        bias = new float[gh];
        dGates = new float[rows * gh];
        dBias = new float[gh];
        dRec = new float[cell.separateRecurrent() ? rows * gh : 0];
        dOut = new float[rows * hidden];
        dh = new float[n * hidden];
        dhRec = new float[n * hidden];
        dc = new float[cell.hasCellState() ? n * hidden : 0];
        whhT = inference ? new FMatrixRMaj(hidden, gh) : null;
        whhPacked = new float[inference ? 0 : hidden * gh];
        wihT = new FMatrixRMaj(input, gh);
        cellForward = (from, to) -> cell.forward(step, from, to);
        cellBackward = (from, to) -> cell.backward(step, from, to);
    }
}
