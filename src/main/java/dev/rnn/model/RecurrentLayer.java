package dev.rnn.model;

import dev.rnn.backend.Backend;
import dev.rnn.math.Elementwise;
import dev.rnn.math.LayerNorm;
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
 *
 * <p>With layer norm (Ba et al. 2016 §3.1) each projection is normalised per row over its G*H
 * values between the product and the cell, with its own gain and bias in place of b_ih and b_hh:
 * the input rows of all T steps at once, the recurrent rows step by step. The LSTM's norm of c_t
 * has its parameters here and its math in the cell. With weight drop, a training workspace's
 * recurrent products read W_hh ⊙ M (see {@link #dropRecurrentWeights}) and W_hh's gradient is masked.
 */
final class RecurrentLayer {
    private final Cell cell;
    private final int h;   // H
    private final int gh;  // G*H
    private final boolean oneHot;
    private final boolean layerNorm;
    private final float weightDrop; // DropConnect probability on W_hh in training; 0 = none
    final Param weightIh;  // (G*H, D), D = V for layer 0, else H
    final Param weightHh;  // (G*H, H)
    final Param biasIh;    // (G*H); null with layer norm
    final Param biasHh;    // (G*H); null with layer norm
    final Param lnIhGain;  // (G*H) γ of LN(W_ih·x), with layer norm; else null
    final Param lnIhBias;  // (G*H) β of LN(W_ih·x)
    final Param lnHhGain;  // (G*H) γ of LN(W_hh·h)
    final Param lnHhBias;  // (G*H) β of LN(W_hh·h)
    final Param lnCGain;   // (H) γ of LN(c_t), LSTM with layer norm; else null
    final Param lnCBias;   // (H) β of LN(c_t)
    private final List<Param> params;

    RecurrentLayer(int index, Cell cell, int inputSize, int hidden, boolean oneHot, boolean layerNorm) {
        this(index, cell, inputSize, hidden, oneHot, layerNorm, 0f);
    }

    RecurrentLayer(int index, Cell cell, int inputSize, int hidden, boolean oneHot, boolean layerNorm, float weightDrop) {
        this.cell = cell;
        this.weightDrop = weightDrop;
        this.h = hidden;
        this.gh = cell.gates() * hidden;
        this.oneHot = oneHot;
        this.layerNorm = layerNorm;
        this.weightIh = Param.matrix("rnn.weight_ih_l" + index, gh, inputSize);
        this.weightHh = Param.matrix("rnn.weight_hh_l" + index, gh, hidden);
        if (layerNorm) {
            biasIh = null;
            biasHh = null;
            lnIhGain = Param.vector("rnn.ln_ih_weight_l" + index, gh);
            lnIhBias = Param.vector("rnn.ln_ih_bias_l" + index, gh);
            lnHhGain = Param.vector("rnn.ln_hh_weight_l" + index, gh);
            lnHhBias = Param.vector("rnn.ln_hh_bias_l" + index, gh);
            boolean cNorm = cell.hasCellState();
            lnCGain = cNorm ? Param.vector("rnn.ln_c_weight_l" + index, hidden) : null;
            lnCBias = cNorm ? Param.vector("rnn.ln_c_bias_l" + index, hidden) : null;
            params = cNorm
                    ? List.of(weightIh, weightHh, lnIhGain, lnIhBias, lnHhGain, lnHhBias, lnCGain, lnCBias)
                    : List.of(weightIh, weightHh, lnIhGain, lnIhBias, lnHhGain, lnHhBias);
        } else {
            biasIh = Param.vector("rnn.bias_ih_l" + index, gh);
            biasHh = Param.vector("rnn.bias_hh_l" + index, gh);
            lnIhGain = lnIhBias = lnHhGain = lnHhBias = lnCGain = lnCBias = null;
            params = List.of(weightIh, weightHh, biasIh, biasHh);
        }
    }

    /** PyTorch's state_dict order: weight_ih, weight_hh, then b_ih, b_hh or the norms' γ, β (ih, hh, c). */
    List<Param> params() {
        return params;
    }

    boolean layerNorm() {
        return layerNorm;
    }

    /** Whether training workspaces run the recurrent products on a dropped copy of W_hh. */
    boolean weightDrop() {
        return weightDrop > 0;
    }

    /**
     * With weight drop, the W_hh this chunk's recurrent products read: W_hh ⊙ M with a fresh
     * DropConnect mask M (0 or 1/(1−p)) drawn from {@code rng}, or W_hh itself (M = 1) when
     * {@code rng} is null (evaluation). Without weight drop, or in an inference workspace, nothing.
     */
    void dropRecurrentWeights(LayerBuffers b, dev.rnn.math.Rng rng) {
        if (b.whhDropped.length == 0) {
            return;
        }
        float[] w = weightHh.value().data;
        if (rng == null) {
            System.arraycopy(w, 0, b.whhDropped, 0, w.length);
            java.util.Arrays.fill(b.whhMask, 1f);
        } else {
            Dropout.forward(weightDrop, rng, w, 0, b.whhMask, b.whhDropped, w.length);
        }
    }

    /** The input-side bias: b_ih, or with layer norm β of LN(W_ih·x). */
    Param inputBias() {
        return layerNorm ? lnIhBias : biasIh;
    }

    /** The recurrent-side bias: b_hh, or with layer norm β of LN(W_hh·h). */
    Param recurrentBias() {
        return layerNorm ? lnHhBias : biasHh;
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
        int rows = n * t;
        float[] bias = b.bias; // (G*H) b_ih [+ b_hh]; zero with layer norm, whose β comes after the norm
        if (!layerNorm) {
            System.arraycopy(biasIh.value().data, 0, bias, 0, gh);
            if (!cell.separateRecurrent()) {
                Elementwise.add(bias, 0, biasHh.value().data, 0, bias, 0, gh);
            }
        }
        b.wih.refresh();
        b.whh.refresh();
        Mat proj = layerNorm ? b.xHatAll : b.gatesAll; // (T*N, G*H) the input projection
        if (oneHot) {
            be.gatherColumns(ids, b.wih, bias, proj);           // (T*N, G*H) = onehot(ids) · W_ihᵀ + bias
        } else {
            be.multTransB(x, b.wih, proj);                       // (T*N, G*H) = X · W_ihᵀ
            if (!layerNorm) {
                Elementwise.addRowVector(b.gates, 0, rows, gh, bias, 0);
            }
        }
        if (layerNorm) { // gates = γ_ih ⊙ LN(X · W_ihᵀ) + β_ih, x̂ kept in xHat; rows split over threads
            be.parallel().forRanges(rows, b.inputNormForward);
        }
        CellStep s = bindStep(b, n);
        for (int k = 0; k < t; k++) {
            at(s, k, n);
            if (layerNorm) {
                be.multTransB(b.hAt[k], b.whh, b.recHatAt[k]);    // (N, G*H) = h_{t-1} · W_hhᵀ, normalised in cellForward
            } else if (cell.separateRecurrent()) {
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
            // dGates, dRec, dc, the direct part of dL/dh_{t-1} into dhRec; with layer norm dRecRaw
            be.parallel().forRanges(n, b.cellBackward);
            be.multAdd(b.dRecAt[k], b.whhBack, b.dhRecMat);      // (N, H) dL/dh_{t-1} += dRec_t · W_hh
        }
        if (layerNorm) {
            // the norms' dγ, dβ: column sums over all T*N rows, the columns split over threads
            b.normRows = rows;
            be.parallel().forRanges(gradColumnBlocks(gh), b.normParamGrads);
            if (lnCGain != null) {
                be.parallel().forRanges(gradColumnBlocks(h), b.cellNormParamGrads);
            }
            // dGates becomes dL/d(X · W_ihᵀ), in place, for W_ih's gradient and dL/dX below
            be.parallel().forRanges(rows, b.inputNormBackward);
        }

        // weight gradients, one product each over all T*N rows
        if (oneHot) {
            be.scatterAddColumns(ids, b.dGatesAll, b.wih, weightIh.gradMat()); // (G*H, V) += dGatesᵀ · onehot(ids)
        } else {
            be.multAddTransA(b.dGatesAll, x, weightIh.gradMat());            // (G*H, D) += dGatesᵀ · X
        }
        if (b.whhDropped.length == 0) {
            be.multAddTransA(b.dRecAll, b.hPrevAll, weightHh.gradMat());      // (G*H, H) += dRecᵀ · [h_0 .. h_{T-1}]
        } else { // the products read W_hh ⊙ M, so dL/dW_hh = (dRecᵀ · [h_0 .. h_{T-1}]) ⊙ M
            Arrays.fill(b.dWhh, 0f);
            be.multAddTransA(b.dRecAll, b.hPrevAll, b.dWhhMat);               // (G*H, H) = dRecᵀ · [h_0 .. h_{T-1}]
            float[] grad = weightHh.grad().data;
            for (int i = 0; i < grad.length; i++) {
                grad[i] += b.dWhh[i] * b.whhMask[i];
            }
        }
        if (layerNorm) {
            // no b_ih, b_hh: the norms' β took their place
        } else if (cell.separateRecurrent()) {
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

    /** Column blocks of the norms' γ, β sums: a multiple of every vector width, so only a row's last block has a tail. */
    private static final int GRAD_COLUMNS = 64;

    static int gradColumnBlocks(int columns) {
        return (columns + GRAD_COLUMNS - 1) / GRAD_COLUMNS;
    }

    /**
     * Column blocks [from, to) of dγ, dβ of LN(W_ih·x) and LN(W_hh·h) over the chunk's rows, after
     * the reverse loop and before dGates is taken through the input norm. Each column is summed
     * over the rows in order by one thread, so the bits do not depend on the split. The LSTM adds
     * both norms into one pre-activation, so both read dGates in one pass.
     */
    void addNormParamGrads(LayerBuffers b, int from, int to) {
        int c0 = from * GRAD_COLUMNS;
        int c1 = Math.min(to * GRAD_COLUMNS, gh);
        if (cell.separateRecurrent()) {
            LayerNorm.addParamGrads(b.dGates, 0, b.xHat, 0, b.normRows, gh, c0, c1,
                    lnIhGain.grad().data, lnIhBias.grad().data);
            LayerNorm.addParamGrads(b.dRec, 0, b.recHat, 0, b.normRows, gh, c0, c1,
                    lnHhGain.grad().data, lnHhBias.grad().data);
        } else {
            LayerNorm.addParamGrads(b.dGates, 0, b.xHat, 0, b.recHat, 0, b.normRows, gh, c0, c1,
                    lnIhGain.grad().data, lnIhBias.grad().data, lnHhGain.grad().data, lnHhBias.grad().data);
        }
    }

    /** Column blocks [from, to) of dγ, dβ of the LSTM's LN(c_t), as {@link #addNormParamGrads}. */
    void addCellNormParamGrads(LayerBuffers b, int from, int to) {
        LayerNorm.addParamGrads(b.dcNorm, 0, b.cHat, 0, b.normRows, h, from * GRAD_COLUMNS,
                Math.min(to * GRAD_COLUMNS, h), lnCGain.grad().data, lnCBias.grad().data);
    }

    /**
     * Rows [from, to) of the step the CellStep points at: r̂ = LN(h_{t-1} · W_hhᵀ) in place, then
     * + γ_hh ⊙ r̂ + β_hh into the gates, or into rec for a cell that keeps them apart (GRU). Runs
     * in the cell's row ranges, before its forward.
     */
    void normalizeRecurrent(LayerBuffers b, int from, int to) {
        CellStep s = b.step;
        int off = s.recOff + from * gh;
        boolean apart = cell.separateRecurrent();
        LayerNorm.forward(b.recHat, off, to - from, gh, lnHhGain.value().data, lnHhBias.value().data,
                b.recHat, off, b.recRstd, s.rowOff + from, apart ? b.rec : b.gates, off, !apart);
    }

    /** Rows [from, to) of all T*N: x̂ = LN(X · W_ihᵀ) in place, gates = γ_ih ⊙ x̂ + β_ih. */
    void normalizeInput(LayerBuffers b, int from, int to) {
        LayerNorm.forward(b.xHat, from * gh, to - from, gh, lnIhGain.value().data, lnIhBias.value().data,
                b.xHat, from * gh, b.xRstd, from, b.gates, from * gh, false);
    }

    /** Rows [from, to) of all T*N: dGates ← dL/d(X · W_ihᵀ) through the norm, in place. */
    void normalizeInputBackward(LayerBuffers b, int from, int to) {
        LayerNorm.backward(b.dGates, from * gh, b.xHat, from * gh, b.xRstd, from, to - from, gh, lnIhGain.value().data,
                b.dGates, from * gh, false);
    }

    /** Rows [from, to), after the cell's backward: dRecRaw = dL/d(h_{t-1} · W_hhᵀ) through the norm. */
    void normalizeRecurrentBackward(LayerBuffers b, int from, int to) {
        CellStep s = b.step;
        int off = s.recOff + from * gh;
        LayerNorm.backward(cell.separateRecurrent() ? b.dRec : b.dGates, off, b.recHat, off, b.recRstd, s.rowOff + from,
                to - from, gh, lnHhGain.value().data, b.dRecRaw, off, false);
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
        s.cHatOff = k * n * h;
        s.rowOff = k * n;
        s.cRstdOff = k * n;
        s.dcNormOff = k * n * h;
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
        s.cGain = lnCGain == null ? null : lnCGain.value().data;
        s.cBias = lnCBias == null ? null : lnCBias.value().data;
        s.cHat = b.cHat;
        s.cRstd = b.cRstd;
        s.dcNorm = b.dcNorm;
        return s;
    }
}
