package dev.rnn.model;

import dev.rnn.backend.Backend;
import dev.rnn.math.Mat;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.math.SoftmaxCrossEntropy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The many-to-many character model: one-hot input of size V → L stacked recurrent layers of H
 * units (inverted dropout between layers and before the decoder, per step or locked over the
 * chunk, and DropConnect on W_hh, in training only) → a linear
 * decoder H → V → softmax cross-entropy at every step. Holds the weights; the run-state of a
 * chunk lives in a {@link Workspace}. Knows nothing of files or flags.
 */
public final class CharRnn {
    private final ModelConfig config;
    private final Cell cell;
    private final Backend backend;
    private final RecurrentLayer[] layers;
    private final Decoder decoder;
    private final List<Param> params;
    private final Map<String, Param> byName;

    public CharRnn(ModelConfig config, Backend backend) {
        this(config, backend, Cell.of(config));
    }

    /** With a given cell implementation (tests substitute a deliberately broken one). */
    CharRnn(ModelConfig config, Backend backend, Cell cell) {
        this.config = config;
        this.cell = cell;
        this.backend = backend;
        this.layers = new RecurrentLayer[config.layers()];
        List<Param> all = new ArrayList<>();
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new RecurrentLayer(l, cell, config.inputSize(l), config.hidden(), l == 0, config.layerNorm(),
                    config.weightDrop());
            all.addAll(layers[l].params());
        }
        this.decoder = new Decoder(config.hidden(), config.vocabSize());
        all.addAll(decoder.params());
        this.params = Collections.unmodifiableList(all);
        this.byName = all.stream().collect(Collectors.toMap(Param::name, Function.identity()));
    }

    public ModelConfig config() {
        return config;
    }

    /** Where the model's products run. */
    public Backend backend() {
        return backend;
    }

    /** Every parameter, in PyTorch's state_dict order. */
    public List<Param> params() {
        return params;
    }

    /** The parameter with PyTorch's name, e.g. {@code rnn.weight_hh_l1}. */
    public Param param(String name) {
        Param p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name + " in a " + config.describe() + " model");
        }
        return p;
    }

    /**
     * PyTorch's initialisation, uniform in ±1/√H for every weight and bias, with the LSTM
     * forget-gate bias at 1 (char-rnn, torch-rnn; split as b_ih = 1, b_hh = 0); with layer norm
     * the norms' gains at 1 and biases at 0 (the forget block of β_ih at 1) and, when asked,
     * an identity recurrent matrix with zero biases for a ReLU RNN (Le et al. 2015).
     */
    public void initialize(Rng rng, boolean identityRecurrent) {
        float bound = (float) (1.0 / Math.sqrt(config.hidden()));
        for (Param p : params) {
            float[] v = p.value().data;
            for (int i = 0; i < p.size(); i++) {
                v[i] = rng.uniform(-bound, bound);
            }
        }
        int h = config.hidden();
        for (RecurrentLayer layer : layers) {
            if (layer.layerNorm()) {
                for (Param gain : new Param[] {layer.lnIhGain, layer.lnHhGain, layer.lnCGain}) {
                    if (gain != null) {
                        java.util.Arrays.fill(gain.value().data, 1f);
                    }
                }
                for (Param beta : new Param[] {layer.lnIhBias, layer.lnHhBias, layer.lnCBias}) {
                    if (beta != null) {
                        java.util.Arrays.fill(beta.value().data, 0f);
                    }
                }
            }
            if (config.cell() == CellType.LSTM) {
                java.util.Arrays.fill(layer.inputBias().value().data, h, 2 * h, 1f);
                java.util.Arrays.fill(layer.recurrentBias().value().data, h, 2 * h, 0f);
            }
            if (identityRecurrent) {
                float[] w = layer.weightHh.value().data;
                java.util.Arrays.fill(w, 0f);
                for (int i = 0; i < h; i++) {
                    w[i * h + i] = 1f;
                }
                java.util.Arrays.fill(layer.biasIh.value().data, 0f);
                java.util.Arrays.fill(layer.biasHh.value().data, 0f);
            }
        }
    }

    public void zeroGrad() {
        for (Param p : params) {
            p.zeroGrad();
        }
    }

    /** Buffers for chunks of {@code n} streams × {@code t} steps. */
    public Workspace newWorkspace(int n, int t) {
        return new Workspace(config, layers, decoder, backend, n, t, false);
    }

    /**
     * A workspace for forward passes only (sampling) on the weights as they are now: the backend
     * lays the weights out once for it, so each step's products read them without re-laying
     * anything, and each row's result is the same whatever N is. The weights must not change
     * while it is in use; make a new one after they do.
     */
    public Workspace newInferenceWorkspace(int n, int t) {
        return new Workspace(config, layers, decoder, backend, n, t, true);
    }

    /** A zero state for {@code n} streams. */
    public RnnState newState(int n) {
        return new RnnState(config.layers(), n, config.hidden(), cell.hasCellState());
    }

    /**
     * Runs the model over one chunk and leaves the logits (and, with targets, the loss) in the
     * workspace. {@code state} holds the initial state on entry and the final state on exit.
     *
     * @param inputs     (N, T) batch-major character ids: inputs[n*T + t]
     * @param targets    (N, T) batch-major next-character ids (negative = padding), or null
     * @param dropoutRng the dropout generator in training; null for evaluation (no dropout)
     */
    public void forward(Workspace ws, int[] inputs, int[] targets, RnnState state, Rng dropoutRng) {
        int n = ws.n;
        int t = ws.t;
        int h = config.hidden();
        if (state.rows() != n || state.layers() != layers.length || state.hidden() != h) {
            throw new IllegalArgumentException("state is " + state.layers() + "x" + state.rows() + "x" + state.hidden()
                    + ", expected " + layers.length + "x" + n + "x" + h + " (L x N x H)");
        }
        checkLength("inputs", inputs, n * t);
        for (int id : inputs) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException("input id " + id + " is outside the vocabulary of " + config.vocabSize());
            }
        }
        toTimeMajor(inputs, ws.ids, n, t);
        ws.hasTargets = targets != null;
        if (targets != null) {
            checkLength("targets", targets, n * t);
            toTimeMajor(targets, ws.targets, n, t);
        }
        if (dropoutRng != null && ws.inference) {
            throw new IllegalArgumentException("an inference workspace runs without dropout; pass no dropout generator");
        }
        ws.dropoutApplied = dropoutRng != null && config.dropout() > 0;
        boolean weightDrop = dropoutRng != null && config.weightDrop() > 0;
        int rows = n * t;
        int nh = n * h;

        for (int l = 0; l < layers.length; l++) {
            LayerBuffers b = ws.layers[l];
            System.arraycopy(state.h(l), 0, b.hs, 0, nh);
            if (cell.hasCellState()) {
                System.arraycopy(state.c(l), 0, b.cs, 0, nh);
            }
            layers[l].dropRecurrentWeights(b, weightDrop ? dropoutRng : null);
            if (l == 0) {
                layers[l].forward(b, n, t, ws.ids, null, backend);
            } else {
                layers[l].forward(b, n, t, null, layerInput(ws, l - 1, dropoutRng), backend);
            }
            System.arraycopy(b.hs, t * nh, state.h(l), 0, nh);
            if (cell.hasCellState()) {
                System.arraycopy(b.cs, t * nh, state.c(l), 0, nh);
            }
        }
        int top = layers.length - 1;
        decoder.forward(layerInput(ws, top, dropoutRng), ws.decoderW, ws.logitsAll, backend);
        if (targets != null) {
            backend.parallel().forRanges(rows, ws.softmaxForward); // (rows, V) probs, and each row's loss
            ws.lossSum = SoftmaxCrossEntropy.sum(ws.rowLoss, rows);
            ws.count = 0;
            for (int r = 0; r < rows; r++) {
                if (ws.targets[r] >= 0) {
                    ws.count++;
                }
            }
        } else {
            ws.lossSum = 0;
            ws.count = 0;
        }
    }

    /**
     * Backpropagates the mean loss of the last {@link #forward} through the chunk, adding to every
     * parameter's gradient; dL/d(initial state) is left in the workspace.
     */
    public void backward(Workspace ws) {
        if (!ws.hasTargets) {
            throw new IllegalStateException("backward needs a forward pass with targets");
        }
        if (ws.inference) {
            throw new IllegalStateException("an inference workspace runs forward only; use newWorkspace for training");
        }
        int n = ws.n;
        int t = ws.t;
        int h = config.hidden();
        int rows = n * t;
        float scale = ws.count == 0 ? 0f : 1f / ws.count;
        ws.lossScale = scale;
        backend.parallel().forRanges(rows, ws.softmaxBackward); // (rows, V) dL/dlogits
        int top = layers.length - 1;
        decoder.backward(outputOf(ws, top), ws.dLogitsAll, ws.layers[top].dOutAll, backend);
        if (ws.dropoutApplied) {
            Dropout.backward(ws.masks[top], ws.layers[top].dOut, rows * h);
        }
        for (int l = top; l >= 0; l--) {
            LayerBuffers b = ws.layers[l];
            if (l == 0) {
                layers[l].backward(b, n, t, ws.ids, null, null, backend);
            } else {
                LayerBuffers below = ws.layers[l - 1];
                layers[l].backward(b, n, t, null, outputOf(ws, l - 1), below.dOutAll, backend);
                if (ws.dropoutApplied) {
                    Dropout.backward(ws.masks[l - 1], below.dOut, rows * h);
                }
            }
        }
    }

    /** Layer l's output (T*N, H) as the next consumer sees it, applying dropout in training. */
    private Mat layerInput(Workspace ws, int l, Rng dropoutRng) {
        if (!ws.dropoutApplied) {
            return ws.layers[l].hOutAll;
        }
        int nh = ws.n * config.hidden();
        if (config.lockedDropout()) {
            Dropout.forwardLocked(config.dropout(), dropoutRng, ws.layers[l].hs, nh, ws.masks[l], ws.dropped[l], nh, ws.t);
        } else {
            Dropout.forward(config.dropout(), dropoutRng, ws.layers[l].hs, nh, ws.masks[l], ws.dropped[l], ws.t * nh);
        }
        return ws.droppedAll[l];
    }

    /** Layer l's output (T*N, H) as the last forward pass fed it on (after dropout, if any). */
    private Mat outputOf(Workspace ws, int l) {
        return ws.dropoutApplied ? ws.droppedAll[l] : ws.layers[l].hOutAll;
    }

    private static void toTimeMajor(int[] batchMajor, int[] timeMajor, int n, int t) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < t; k++) {
                timeMajor[k * n + i] = batchMajor[i * t + k];
            }
        }
    }

    private static void checkLength(String what, int[] a, int expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException(what + " has " + a.length + " ids, expected " + expected + " (N x T)");
        }
    }
}
