package dev.rnn.model;

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
    /**
     * An inference workspace ({@link CharRnn#newInferenceWorkspace}): each layer's W_ihᵀ and W_hhᵀ
     * were copied once when it was made and are used as they are, so the weights must not change
     * while it is in use.
     */
    final boolean frozen;
    boolean dropoutApplied;
    boolean hasTargets;
    double lossSum;
    int count;

    Workspace(ModelConfig config, Cell cell, int n, int t, boolean frozen) {
        if (n < 1 || t < 1) {
            throw new IllegalArgumentException("workspace of " + n + " streams x " + t + " steps: both must be positive");
        }
        this.n = n;
        this.t = t;
        this.frozen = frozen;
        this.vocab = config.vocabSize();
        int h = config.hidden();
        int rows = n * t;
        layers = new LayerBuffers[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new LayerBuffers(cell, n, t, l == 0 ? vocab : h, h, frozen);
        }
        int dropLen = config.dropout() > 0 ? rows * h : 0;
        masks = new float[layers.length][dropLen];
        dropped = new float[layers.length][dropLen];
        ids = new int[rows];
        targets = new int[rows];
        logits = new float[rows * vocab];
        probs = new float[rows * vocab];
        dLogits = new float[rows * vocab];
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
