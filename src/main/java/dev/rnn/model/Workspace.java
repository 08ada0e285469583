package dev.rnn.model;

import dev.rnn.backend.Backend;
import dev.rnn.backend.Prepared;
import dev.rnn.math.Mat;
import dev.rnn.math.SoftmaxCrossEntropy;

/**
 * Everything a forward and backward pass over chunks of N streams × T steps writes, allocated
 * once and reused for every chunk of that shape, so a training step allocates nothing. Rows are
 * time-major: row t*N + n is stream n at step t.
 */
public final class Workspace {
    final int n;
    final int t;
    final int vocab;
    final LayerBuffers[] layers;
    final float[][] masks;   // [L][T*N*H]: dropout mask on layer l's output, when dropout > 0
    final float[][] dropped; // [L][T*N*H]: layer l's output after dropout
    final int[] ids;         // (T*N) inputs
    final int[] targets;     // (T*N) targets, negative = padding
    final float[] logits;    // (T*N, V)
    final float[] probs;     // (T*N, V) softmax, when targets were given
    final float[] dLogits;   // (T*N, V)
    final Mat logitsAll;     // (T*N, V)
    final Mat dLogitsAll;    // (T*N, V)
    final double[] rowLoss;  // (T*N) each row's cross-entropy, summed in row order
    float lossScale;         // dL/dlogit scale of the last backward: 1 / count
    /** Softmax cross-entropy forward and backward over a range of rows, bound once so a step allocates nothing. */
    final dev.rnn.backend.Parallel.Range softmaxForward;
    final dev.rnn.backend.Parallel.Range softmaxBackward;
    final Mat[] droppedAll;  // [L] (T*N, H) views of dropped
    final Prepared decoderW; // decoder.weight (V, H), TRANSPOSED, as the decoder's product reads it
    /**
     * An inference workspace ({@link CharRnn#newInferenceWorkspace}): forward only, its weights
     * laid out once when it was made ({@link Backend#FROZEN}) and used as they are, so the weights
     * must not change while it is in use.
     */
    final boolean inference;
    boolean dropoutApplied;
    boolean hasTargets;
    double lossSum;
    int count;

    Workspace(ModelConfig config, RecurrentLayer[] model, Decoder decoder, Backend backend, int n, int t,
              boolean inference) {
        if (n < 1 || t < 1) {
            throw new IllegalArgumentException("workspace of " + n + " streams x " + t + " steps: both must be positive");
        }
        this.n = n;
        this.t = t;
        this.inference = inference;
        this.vocab = config.vocabSize();
        int h = config.hidden();
        int rows = n * t;
        layers = new LayerBuffers[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new LayerBuffers(model[l], backend, n, t, inference);
        }
        int dropLen = config.dropout() > 0 && !inference ? rows * h : 0;
        masks = new float[layers.length][dropLen];
        dropped = new float[layers.length][dropLen];
        droppedAll = new Mat[layers.length];
        for (int l = 0; l < layers.length; l++) {
            droppedAll[l] = dropLen == 0 ? null : Mat.of(dropped[l], rows, h);
        }
        ids = new int[rows];
        targets = new int[rows];
        logits = new float[rows * vocab];
        probs = new float[rows * vocab];
        dLogits = new float[inference ? 0 : rows * vocab];
        logitsAll = Mat.of(logits, rows, vocab);
        dLogitsAll = inference ? null : Mat.of(dLogits, rows, vocab);
        rowLoss = new double[rows];
        softmaxForward = (from, to) -> SoftmaxCrossEntropy.forwardRows(logits, from, to, vocab, targets, probs, rowLoss);
        softmaxBackward = (from, to) -> SoftmaxCrossEntropy.backwardRows(probs, from, to, vocab, targets, lossScale, dLogits);
        decoderW = backend.prepare(decoder.weight.mat(), Prepared.Layout.TRANSPOSED, inference ? Backend.FROZEN : 1);
    }

    /** N: the number of streams. */
    public int streams() {
        return n;
    }

    /** T: the number of steps per chunk. */
    public int steps() {
        return t;
    }

    /** The summed cross-entropy (nats) of the last forward pass over its non-padding targets. */
    public double lossSum() {
        return lossSum;
    }

    /** The number of non-padding targets in the last forward pass. */
    public int targetCount() {
        return count;
    }

    /** The mean cross-entropy (nats) of the last forward pass. */
    public double meanLoss() {
        return lossSum / count;
    }

    /** The logits array (T*N, V), time-major; see {@link #logitsOffset(int, int)}. */
    public float[] logits() {
        return logits;
    }

    /** Where the V logits of stream {@code stream} at step {@code step} start in {@link #logits()}. */
    public int logitsOffset(int stream, int step) {
        return (step * n + stream) * vocab;
    }

    /** dL/dh_0 of layer l (N, H) after a backward pass. */
    public float[] initialHGrad(int l) {
        return layers[l].dhRec;
    }

    /** dL/dc_0 of layer l (N, H) after a backward pass (LSTM). */
    public float[] initialCGrad(int l) {
        return layers[l].dc;
    }
}
