package dev.rnn.model;

import dev.rnn.math.Elementwise;
import dev.rnn.math.MatMul;
import dev.rnn.math.Param;
import java.util.Arrays;
import java.util.List;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * One recurrent layer: its weights (PyTorch's names and layouts) and the single time loop that
 * runs any {@link Cell} forward over a chunk and backward through it.
 *
 * <p>Forward computes the input projection of all T steps as one product (for the one-hot layer
 * 0, a gather of W_ihᵀ's rows), so only h_{t-1}·W_hhᵀ stays inside the loop, on W_hhᵀ laid out
 * once per chunk. Backward runs one reverse loop for the recurrent gradient, then takes every
 * weight gradient as one product over all T*N rows.
 */
final class RecurrentLayer {
    /**
     * At batch 1 in an inference workspace, a weight matrix of at most this many elements (512 KB,
     * half of this machine's L2) is multiplied in its transposed copy, streaming rows of it with
     * no reductions across lanes; a larger one, read from L3 every step, streams its own rows as
     * dot products, which the prefetcher follows better. Measured, LSTM sampling chars/s:
     * 2x128 25-31k -> 40-51k transposed; 2x256 12.6-13.1k dots vs 10.3-11.4k transposed;
     * 2x512 2.8-3.2k dots vs 0.9-1.1k transposed.
     */
    static final long TRANSPOSED_GEMV_MAX = 1L << 17;
    private final Cell cell;
    private final int d;   // D: input width (V for layer 0)
    private final int h;   // H
    private final int gh;  // G*H
    private final boolean oneHot;
    final Param weightIh;  // (G*H, D)
    final Param weightHh;  // (G*H, H)
    final Param biasIh;    // (G*H)
    final Param biasHh;    // (G*H)

    RecurrentLayer(int index, Cell cell, int inputSize, int hidden, boolean oneHot) {
        this.cell = cell;
        this.d = inputSize;
        this.h = hidden;
        this.gh = cell.gates() * hidden;
        this.oneHot = oneHot;
        this.weightIh = Param.matrix("rnn.weight_ih_l" + index, gh, inputSize);
        this.weightHh = Param.matrix("rnn.weight_hh_l" + index, gh, hidden);
        this.biasIh = Param.vector("rnn.bias_ih_l" + index, gh);
        this.biasHh = Param.vector("rnn.bias_hh_l" + index, gh);
    }

    List<Param> params() {
        return List.of(weightIh, weightHh, biasIh, biasHh);
    }

    Cell cell() {
        return cell;
    }

    /**
     * Runs the layer over T steps. On entry block 0 of {@code b.hs} (and {@code b.cs}) holds the
     * initial state; on exit block t+1 holds the state after step t.
     *
     * @param ids  (T*N) time-major character ids, for the one-hot layer 0; else null
     * @param x    (T*N, D) the layer input at {@code xOff}, for layers above 0; else null
     * @param frozen the transposed weights in {@code b} are current ({@link #transposeWeights});
     *               else they are made here when a chunk is long enough to repay it
     */
    void forward(LayerBuffers b, int n, int t, int[] ids, float[] x, int xOff, boolean frozen, MatMul mm) {
        int rows = n * t;
        float[] wih = weightIh.value().data;
        // (T*N, G*H) = X · W_ihᵀ + b_ih [+ b_hh]
        float[] bias = b.bias;
        System.arraycopy(biasIh.value().data, 0, bias, 0, gh);
        if (!cell.separateRecurrent()) {
            Elementwise.add(bias, 0, biasHh.value().data, 0, bias, 0, gh);
        }
        if (oneHot && (frozen || rows >= d)) {
            // a row of W_ihᵀ (D, G*H) per character: contiguous, unlike W_ih's columns
            if (!frozen) {
                CommonOps_FDRM.transpose(weightIh.value(), b.wihT);
            }
            float[] wihT = b.wihT.data;
            for (int r = 0; r < rows; r++) {
                Elementwise.add(wihT, ids[r] * gh, bias, 0, b.gates, r * gh, gh);
            }
        } else if (oneHot) {
            for (int r = 0; r < rows; r++) { // a few rows (sampling): gather W_ih's columns in place
                int id = ids[r];
                int gr = r * gh;
                for (int j = 0; j < gh; j++) {
                    b.gates[gr + j] = wih[j * d + id] + bias[j];
                }
            }
        } else if (frozen && (long) d * gh <= TRANSPOSED_GEMV_MAX) {
            mm.mult(rows, d, gh, x, xOff, b.wihT.data, 0, b.gates, 0, false); // X · (W_ihᵀ)
            Elementwise.addRowVector(b.gates, 0, rows, gh, bias, 0);
        } else {
            mm.multTransB(rows, d, gh, x, xOff, wih, 0, b.gates, 0, false);
            Elementwise.addRowVector(b.gates, 0, rows, gh, bias, 0);
        }

        CellStep s = bindStep(b, n);
        // Over a training chunk, W_hhᵀ (H, G*H) once, laid out by mm.pack, so the products in the
        // loop are plain A·B (the fastest kernel); a single training-time step takes dot products
        // with W_hh's rows instead. An inference workspace has W_hhᵀ already: used over several
        // steps, and for one step when small (TRANSPOSED_GEMV_MAX).
        boolean packed = !frozen && t > 1;
        boolean transposed = frozen && ((long) h * gh <= TRANSPOSED_GEMV_MAX || t > 1);
        if (packed) {
            mm.pack(h, gh, weightHh.value().data, 0, true, b.whhPacked);
        }
        float[] whh = transposed ? b.whhT.data : weightHh.value().data;
        for (int k = 0; k < t; k++) {
            s.gatesOff = k * n * gh;
            s.recOff = s.gatesOff;
            s.auxOff = k * n * cell.auxWidth(h);
            s.hPrev = k * n * h;
            s.hNext = (k + 1) * n * h;
            s.cPrev = s.hPrev;
            s.cNext = s.hNext;
            float[] out = cell.separateRecurrent() ? b.rec : b.gates;
            boolean add = !cell.separateRecurrent();
            // (N, G*H) = h_{t-1} · W_hhᵀ [+ the input part already in gates]
            if (packed) {
                mm.multPacked(n, h, gh, b.hs, s.hPrev, b.whhPacked, out, s.gatesOff, add);
            } else if (transposed) {
                mm.mult(n, h, gh, b.hs, s.hPrev, whh, 0, out, s.gatesOff, add);
            } else {
                mm.multTransB(n, h, gh, b.hs, s.hPrev, whh, 0, out, s.gatesOff, add);
            }
            if (cell.separateRecurrent()) {
                Elementwise.addRowVector(b.rec, s.recOff, n, gh, biasHh.value().data, 0); // + b_hh, kept apart
            }
            mm.parallel().forRanges(n, b.cellForward);
        }
    }

    /**
     * Backpropagates through the chunk from dL/d(output) in {@code b.dOut}, accumulating into the
     * weight gradients. Leaves dL/dh_0 in {@code b.dhRec} and dL/dc_0 in {@code b.dc}. The final
     * state's gradient is taken as zero (truncated BPTT).
     *
     * @param dx (T*N, D) output: dL/d(layer input) at offset 0, or null when not wanted
     */
    void backward(LayerBuffers b, int n, int t, int[] ids, float[] x, int xOff, float[] dx, MatMul mm) {
        int rows = n * t;
        CellStep s = bindStep(b, n);
        Arrays.fill(b.dhRec, 0f);
        if (cell.hasCellState()) {
            Arrays.fill(b.dc, 0f);
        }
        float[] whh = weightHh.value().data;
        boolean packed = t > 1;
        if (packed) {
            mm.pack(gh, h, whh, 0, false, b.whhPacked); // (G*H, H) W_hh, for the products in the loop
        }
        float[] dRec = cell.separateRecurrent() ? b.dRec : b.dGates;
        for (int k = t - 1; k >= 0; k--) {
            s.gatesOff = k * n * gh;
            s.recOff = s.gatesOff;
            s.dGatesOff = s.gatesOff;
            s.dRecOff = s.gatesOff;
            s.auxOff = k * n * cell.auxWidth(h);
            s.hPrev = k * n * h;
            s.hNext = (k + 1) * n * h;
            s.cPrev = s.hPrev;
            s.cNext = s.hNext;
            // dL/dh_t = from above + from step t+1
            Elementwise.add(b.dOut, k * n * h, b.dhRec, 0, b.dh, 0, n * h);
            mm.parallel().forRanges(n, b.cellBackward); // dGates, dRec, dc, and the direct part of dL/dh_{t-1} into dhRec
            // (N, H) dL/dh_{t-1} += dRec_t (N, G*H) · W_hh (G*H, H)
            if (packed) {
                mm.multPacked(n, gh, h, dRec, s.dRecOff, b.whhPacked, b.dhRec, 0, true);
            } else {
                mm.mult(n, gh, h, dRec, s.dRecOff, whh, 0, b.dhRec, 0, true);
            }
        }

        // weight gradients, one product each over all T*N rows
        float[] dWih = weightIh.grad().data;
        if (oneHot && rows >= d) {
            // rows of dW_ihᵀ (D, G*H), contiguous, then added to dW_ih (G*H, D) transposed
            float[] dT = b.wihT.data;
            Arrays.fill(dT, 0f);
            for (int r = 0; r < rows; r++) {
                int gr = ids[r] * gh;
                Elementwise.add(dT, gr, b.dGates, r * gh, dT, gr, gh);
            }
            for (int j = 0; j < gh; j++) {
                for (int v = 0; v < d; v++) {
                    dWih[j * d + v] += dT[v * gh + j];
                }
            }
        } else if (oneHot) {
            for (int r = 0; r < rows; r++) {
                int id = ids[r];
                int gr = r * gh;
                for (int j = 0; j < gh; j++) {
                    dWih[j * d + id] += b.dGates[gr + j]; // scatter into the gathered column
                }
            }
        } else {
            // (G*H, D) += dGatesᵀ · X
            mm.multTransA(gh, rows, d, b.dGates, 0, x, xOff, dWih, 0, true);
        }
        // (G*H, H) += dRecᵀ · [h_0 .. h_{T-1}]
        mm.multTransA(gh, rows, h, dRec, 0, b.hs, 0, weightHh.grad().data, 0, true);
        if (cell.separateRecurrent()) {
            Elementwise.addColumnSums(b.dGates, 0, rows, gh, biasIh.grad().data, 0);
            Elementwise.addColumnSums(dRec, 0, rows, gh, biasHh.grad().data, 0);
        } else {
            // b_ih and b_hh enter as one sum, so their gradients are the same column sums: once
            Arrays.fill(b.dBias, 0f);
            Elementwise.addColumnSums(b.dGates, 0, rows, gh, b.dBias, 0);
            Elementwise.add(biasIh.grad().data, 0, b.dBias, 0, biasIh.grad().data, 0, gh);
            Elementwise.add(biasHh.grad().data, 0, b.dBias, 0, biasHh.grad().data, 0, gh);
        }
        if (dx != null) {
            // (T*N, D) = dGates (T*N, G*H) · W_ih (G*H, D)
            mm.mult(rows, gh, d, b.dGates, 0, weightIh.value().data, 0, dx, 0, false);
        }
    }

    /** Copies W_ihᵀ and W_hhᵀ into {@code b}, for an inference workspace. */
    void transposeWeights(LayerBuffers b) {
        CommonOps_FDRM.transpose(weightIh.value(), b.wihT);
        CommonOps_FDRM.transpose(weightHh.value(), b.whhT);
    }

    private CellStep bindStep(LayerBuffers b, int n) {
        CellStep s = b.step;
        s.n = n;
        s.h = h;
        s.gates = b.gates;
        s.rec = b.rec;
        s.hs = b.hs;
        s.cs = b.cs;
        s.aux = b.aux;
        s.dh = b.dh;
        s.dc = b.dc;
        s.dGates = b.dGates;
        s.dRec = b.dRec;
        s.dhPrev = b.dhRec;
        return s;
    }
}
