package dev.rnn.model;

import dev.rnn.backend.Backend;
import dev.rnn.math.Elementwise;
import dev.rnn.math.Mat;
import dev.rnn.math.Param;
import java.util.Arrays;
import java.util.List;

/**
 * One recurrent layer: its weights (PyTorch's names and layouts) and the single time loop that
 * runs any {@link Cell} forward over a chunk and backward through it. One line per product; how
 * each runs (gathers, packed panels, thread splits) is the {@link Backend}'s business.
 *
 * <p>Forward computes the input projection of all T steps as one product (a gather of W_ih's
 * columns for the one-hot layer 0), so only h_{t-1}·W_hhᵀ stays inside the loop. Backward runs
 * one reverse loop for the recurrent gradient, then takes every weight gradient as one product
 * over all T*N rows.
 */
final class RecurrentLayer {
    private final Cell cell;
    private final int h;   // H
    private final int gh;  // G*H
    private final boolean oneHot;
    final Param weightIh;  // (G*H, D), D = V for layer 0, else H
    final Param weightHh;  // (G*H, H)
    final Param biasIh;    // (G*H)
    final Param biasHh;    // (G*H)

    RecurrentLayer(int index, Cell cell, int inputSize, int hidden, boolean oneHot) {
        this.cell = cell;
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

    int hidden() {
        return h;
    }

    /** Whether the input is one-hot character ids (layer 0) rather than the layer below's output. */
    boolean oneHot() {
        return oneHot;
    }

    /**
     * Runs the layer over T steps. On entry block 0 of {@code b.hs} (and {@code b.cs}) holds the
     * initial state; on exit block t+1 holds the state after step t.
     *
     * @param ids (T*N) time-major character ids, for the one-hot layer 0; else null
     * @param x   (T*N, D) the layer input, for layers above 0; else null
     */
    void forward(LayerBuffers b, int n, int t, int[] ids, Mat x, Backend be) {
        float[] bias = b.bias; // (G*H) b_ih [+ b_hh]
        System.arraycopy(biasIh.value().data, 0, bias, 0, gh);
        if (!cell.separateRecurrent()) {
            Elementwise.add(bias, 0, biasHh.value().data, 0, bias, 0, gh);
        }
        b.wih.refresh();
        b.whh.refresh();
        if (oneHot) {
            be.gatherColumns(ids, b.wih, bias, b.gatesAll);     // (T*N, G*H) = onehot(ids) · W_ihᵀ + bias
        } else {
            be.multTransB(x, b.wih, b.gatesAll);                 // (T*N, G*H) = X · W_ihᵀ
            Elementwise.addRowVector(b.gates, 0, n * t, gh, bias, 0);
        }
        CellStep s = bindStep(b, n);
        for (int k = 0; k < t; k++) {
            at(s, k, n);
            if (cell.separateRecurrent()) {
                be.multTransB(b.hAt[k], b.whh, b.recAt[k]);      // (N, G*H) = h_{t-1} · W_hhᵀ, kept apart
                Elementwise.addRowVector(b.rec, s.recOff, n, gh, biasHh.value().data, 0); // + b_hh
            } else {
                be.multAddTransB(b.hAt[k], b.whh, b.gatesAt[k]); // (N, G*H) += h_{t-1} · W_hhᵀ
            }
            be.parallel().forRanges(n, b.cellForward);
        }
    }

    /**
     * Backpropagates through the chunk from dL/d(output) in {@code b.dOut}, accumulating into the
     * weight gradients. Leaves dL/dh_0 in {@code b.dhRec} and dL/dc_0 in {@code b.dc}. The final
     * state's gradient is taken as zero (truncated BPTT).
     *
     * @param x  (T*N, D) the input the forward pass read (layers above 0); else null
     * @param dx (T*N, D) output: dL/d(layer input), or null when not wanted
     */
    void backward(LayerBuffers b, int n, int t, int[] ids, Mat x, Mat dx, Backend be) {
        int rows = n * t;
        CellStep s = bindStep(b, n);
        Arrays.fill(b.dhRec, 0f);
        if (cell.hasCellState()) {
            Arrays.fill(b.dc, 0f);
        }
        b.whhBack.refresh();
        for (int k = t - 1; k >= 0; k--) {
            at(s, k, n);
            // dL/dh_t = from above + from step t+1
            Elementwise.add(b.dOut, k * n * h, b.dhRec, 0, b.dh, 0, n * h);
            be.parallel().forRanges(n, b.cellBackward); // dGates, dRec, dc, and the direct part of dL/dh_{t-1} into dhRec
            be.multAdd(b.dRecAt[k], b.whhBack, b.dhRecMat);      // (N, H) dL/dh_{t-1} += dRec_t · W_hh
        }

        // weight gradients, one product each over all T*N rows
        if (oneHot) {
            be.scatterAddColumns(ids, b.dGatesAll, b.wih, weightIh.gradMat()); // (G*H, V) += dGatesᵀ · onehot(ids)
        } else {
            be.multAddTransA(b.dGatesAll, x, weightIh.gradMat());            // (G*H, D) += dGatesᵀ · X
        }
        be.multAddTransA(b.dRecAll, b.hPrevAll, weightHh.gradMat());          // (G*H, H) += dRecᵀ · [h_0 .. h_{T-1}]
        if (cell.separateRecurrent()) {
            Elementwise.addColumnSums(b.dGates, 0, rows, gh, biasIh.grad().data, 0);
            Elementwise.addColumnSums(b.dRec, 0, rows, gh, biasHh.grad().data, 0);
        } else {
            // b_ih and b_hh enter as one sum, so their gradients are the same column sums: once
            Arrays.fill(b.dBias, 0f);
            Elementwise.addColumnSums(b.dGates, 0, rows, gh, b.dBias, 0);
            Elementwise.add(biasIh.grad().data, 0, b.dBias, 0, biasIh.grad().data, 0, gh);
            Elementwise.add(biasHh.grad().data, 0, b.dBias, 0, biasHh.grad().data, 0, gh);
        }
        if (dx != null) {
            be.mult(b.dGatesAll, weightIh.mat(), dx);                         // (T*N, D) = dGates · W_ih
        }
    }

    /** Points the step at time step k's rows. */
    private void at(CellStep s, int k, int n) {
        s.gatesOff = k * n * gh;
        s.recOff = s.gatesOff;
        s.dGatesOff = s.gatesOff;
        s.dRecOff = s.gatesOff;
        s.auxOff = k * n * cell.auxWidth(h);
        s.hPrev = k * n * h;
        s.hNext = (k + 1) * n * h;
        s.cPrev = s.hPrev;
        s.cNext = s.hNext;
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
