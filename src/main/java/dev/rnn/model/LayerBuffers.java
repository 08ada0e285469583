package dev.rnn.model;

import dev.rnn.backend.Backend;
import dev.rnn.math.Mat;
import dev.rnn.backend.Parallel;
import dev.rnn.backend.Prepared;

/**
 * One layer's run-state for chunks of T steps of N rows, allocated once, with the views the
 * products read and the layer's weights as the backend prepared them for this workspace.
 * Sequence buffers are time-major: the rows of step t are rows [t*N, (t+1)*N).
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

    // layer norm only, else empty
    final float[] xHat;    // (T*N, G*H): X · W_ihᵀ, then normalised in place: x̂
    final float[] xRstd;   // (T*N): 1/√(var + ε) of each row of X · W_ihᵀ
    final float[] recHat;  // (T*N, G*H): h_{t-1} · W_hhᵀ, then normalised in place: r̂
    final float[] recRstd; // (T*N)
    final float[] cHat;    // (T*N, H): ĉ_t, LSTM
    final float[] cRstd;   // (T*N), LSTM
    final float[] dRecRaw; // (T*N, G*H): dL/d(h_{t-1} · W_hhᵀ), the gradient that reaches W_hh
    final float[] dcNorm;  // (T*N, H): dL/d(γ ⊙ ĉ_t + β), LSTM

    // weight drop, training workspaces only, else empty
    final float[] whhDropped; // (G*H, H): W_hh ⊙ M, what the recurrent products read
    final float[] whhMask;    // (G*H, H): M, 0 or 1/(1−p), drawn once per chunk
    final float[] dWhh;       // (G*H, H): dRecᵀ · [h_0 .. h_{T-1}] before the mask
    final Mat dWhhMat;

    // views of the buffers above
    final Mat gatesAll;    // (T*N, G*H)
    final Mat[] gatesAt;   // [T] (N, G*H): step t's rows of gates
    final Mat[] recAt;     // [T] (N, G*H): step t's rows of rec (GRU), else of gates
    final Mat[] dRecAt;    // [T] (N, G*H): step t's rows of dRec (GRU), else of dGates
    final Mat dGatesAll;   // (T*N, G*H)
    final Mat dRecAll;     // (T*N, G*H) dRec (GRU), else dGates: the gradient that reaches W_hh
    final Mat[] hAt;       // [T+1] (N, H): h_t (block 0 = h_0)
    final Mat hPrevAll;    // (T*N, H): [h_0 .. h_{T-1}], the recurrent products' inputs
    final Mat hOutAll;     // (T*N, H): [h_1 .. h_T], the layer's output
    final Mat dhRecMat;    // (N, H)
    final Mat dOutAll;     // (T*N, H)
    final Mat xHatAll;     // (T*N, G*H) with layer norm: where the input product writes
    final Mat[] recHatAt;  // [T] (N, G*H) with layer norm: where step t's recurrent product writes

    // the weights as this workspace's products read them
    final Prepared wih;    // W_ih (G*H, D): COLUMNS for the one-hot layer 0, else TRANSPOSED
    final Prepared whh;    // W_hh (G*H, H): TRANSPOSED, for h_{t-1} · W_hhᵀ in the time loop
    final Prepared whhBack; // W_hh (G*H, H): AS_IS, for dRec · W_hh in the reverse loop; null in inference

    final CellStep step = new CellStep();
    /** The cell's forward and backward step over a range of rows, bound once so a step allocates nothing. */
    final Parallel.Range cellForward;
    final Parallel.Range cellBackward;
    /** Layer norm of the input projection's T*N rows, forward and backward; null without layer norm. */
    final Parallel.Range inputNormForward;
    final Parallel.Range inputNormBackward;
    /** The norms' dγ, dβ over column blocks (see RecurrentLayer#addNormParamGrads); null without layer norm. */
    final Parallel.Range normParamGrads;
    final Parallel.Range cellNormParamGrads; // LN-LSTM's norm of c_t; else null
    /** T*N of the chunk whose norm gradients are being summed. */
    int normRows;

    /** @param inference for forward passes only on the weights as they are now ({@link Backend#FROZEN}) */
    LayerBuffers(RecurrentLayer layer, Backend backend, int n, int t, boolean inference) {
        Cell cell = layer.cell();
        int h = layer.hidden();
        int gh = cell.gates() * h;
        int rows = n * t;
        gates = new float[rows * gh];
        rec = new float[cell.separateRecurrent() ? rows * gh : 0];
        hs = new float[(t + 1) * n * h];
        cs = new float[cell.hasCellState() ? (t + 1) * n * h : 0];
        aux = new float[rows * cell.auxWidth(h)];
        bias = new float[gh];
        dGates = new float[inference ? 0 : rows * gh];
        dBias = new float[gh];
        dRec = new float[cell.separateRecurrent() && !inference ? rows * gh : 0];
        dOut = new float[inference ? 0 : rows * h];
        dh = new float[n * h];
        dhRec = new float[n * h];
        dc = new float[cell.hasCellState() ? n * h : 0];
        boolean ln = layer.layerNorm();
        boolean cNorm = ln && cell.hasCellState();
        xHat = new float[ln ? rows * gh : 0];
        xRstd = new float[ln ? rows : 0];
        recHat = new float[ln ? rows * gh : 0];
        recRstd = new float[ln ? rows : 0];
        cHat = new float[cNorm ? rows * h : 0];
        cRstd = new float[cNorm ? rows : 0];
        dRecRaw = new float[ln && !inference ? rows * gh : 0];
        dcNorm = new float[cNorm && !inference ? rows * h : 0];
        boolean drop = layer.weightDrop() && !inference;
        whhDropped = new float[drop ? gh * h : 0];
        whhMask = new float[drop ? gh * h : 0];
        dWhh = new float[drop ? gh * h : 0];
        dWhhMat = drop ? Mat.of(dWhh, gh, h) : null;

        gatesAll = Mat.of(gates, rows, gh);
        Mat recAll = cell.separateRecurrent() ? Mat.of(rec, rows, gh) : gatesAll;
        dGatesAll = Mat.of(dGates, inference ? 0 : rows, gh);
        dRecAll = ln ? Mat.of(dRecRaw, inference ? 0 : rows, gh)
                : cell.separateRecurrent() ? Mat.of(dRec, inference ? 0 : rows, gh) : dGatesAll;
        xHatAll = ln ? Mat.of(xHat, rows, gh) : null;
        Mat recHatAll = ln ? Mat.of(recHat, rows, gh) : null;
        gatesAt = new Mat[t];
        recAt = new Mat[t];
        dRecAt = new Mat[t];
        recHatAt = new Mat[t];
        for (int k = 0; k < t; k++) {
            gatesAt[k] = gatesAll.block(k, t);
            recAt[k] = recAll.block(k, t);
            dRecAt[k] = inference ? null : dRecAll.block(k, t);
            recHatAt[k] = ln ? recHatAll.block(k, t) : null;
        }
        Mat hsAll = Mat.of(hs, (t + 1) * n, h);
        hAt = new Mat[t + 1];
        for (int k = 0; k <= t; k++) {
            hAt[k] = hsAll.block(k, t + 1);
        }
        hPrevAll = hsAll.rows(0, rows);
        hOutAll = hsAll.rows(n, rows);
        dhRecMat = Mat.of(dhRec, n, h);
        dOutAll = Mat.of(dOut, inference ? 0 : rows, h);

        // uses: how many products read a weight before the optimizer changes it
        int uses = inference ? Backend.FROZEN : 0;
        wih = layer.oneHot()
                ? backend.prepare(layer.weightIh.mat(), Prepared.Layout.COLUMNS, inference ? uses : rows)
                : backend.prepare(layer.weightIh.mat(), Prepared.Layout.TRANSPOSED, inference ? uses : 1);
        Mat recurrent = drop ? Mat.of(whhDropped, gh, h) : layer.weightHh.mat(); // (G*H, H)
        whh = backend.prepare(recurrent, Prepared.Layout.TRANSPOSED, inference ? uses : t);
        whhBack = inference ? null : backend.prepare(recurrent, Prepared.Layout.AS_IS, t);

        inputNormForward = ln ? (from, to) -> layer.normalizeInput(this, from, to) : null;
        inputNormBackward = ln ? (from, to) -> layer.normalizeInputBackward(this, from, to) : null;
        normParamGrads = ln ? (from, to) -> layer.addNormParamGrads(this, from, to) : null;
        cellNormParamGrads = cNorm ? (from, to) -> layer.addCellNormParamGrads(this, from, to) : null;
        if (ln) { // the recurrent norm is per row, so it runs in the cell's row ranges
            cellForward = (from, to) -> {
                layer.normalizeRecurrent(this, from, to);
                cell.forward(step, from, to);
            };
            cellBackward = (from, to) -> {
                cell.backward(step, from, to);
                layer.normalizeRecurrentBackward(this, from, to);
            };
        } else {
            cellForward = (from, to) -> cell.forward(step, from, to);
            cellBackward = (from, to) -> cell.backward(step, from, to);
        }
    }
}
