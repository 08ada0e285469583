package dev.rnn.train;

import dev.rnn.model.CellType;
import dev.rnn.model.Nonlinearity;
import dev.rnn.optim.OptimizerType;

/**
 * Every option of a training run, one field per {@code rnn train} flag, with the defaults in one
 * place (the {@code D_*} constants, which the command line shows). Validated on construction,
 * logged once, saved in every checkpoint.
 *
 * @param corpus          the training text
 * @param cell            lstm, gru or rnn
 * @param activation      tanh or relu, for rnn
 * @param identityInit    identity recurrent matrix and zero biases (ReLU RNN, Le et al. 2015)
 * @param hidden          H
 * @param layers          L
 * @param dropout         between layers and before the decoder, in [0, 1)
 * @param batch           N parallel streams
 * @param seqLen          T steps of truncated backpropagation
 * @param lr              the learning rate
 * @param lrDecay         multiply the learning rate by this after every epoch past lrDecayAfter
 * @param lrDecayAfter    the epoch after which the decay starts
 * @param optimizer       adam, rmsprop, adagrad or sgd
 * @param momentum        SGD momentum
 * @param clip            gradient clipping by global L2 norm; 0 disables
 * @param clipValue       elementwise clipping to ±value; 0 disables
 * @param epochs          stop after this many passes over the training split
 * @param maxSteps        stop after this many steps; 0 means no limit
 * @param maxTimeSeconds  stop after this much training time; 0 means no limit
 * @param valFrac         the fraction of the corpus at its end held out for validation
 * @param evalEvery       evaluate every this many steps (and at the end)
 * @param checkpointEvery write last.safetensors every this many steps (and at the end)
 * @param sampleLen       characters of sample text logged at each evaluation; 0 disables
 * @param out             the run directory
 * @param randomSeed      seeds initialisation, dropout and samples
 * @param threads         threads for the matrix products
 */
public record TrainOptions(
        String corpus, CellType cell, Nonlinearity activation, boolean identityInit,
        int hidden, int layers, float dropout,
        int batch, int seqLen,
        float lr, float lrDecay, int lrDecayAfter, OptimizerType optimizer, float momentum,
        float clip, float clipValue,
        int epochs, long maxSteps, long maxTimeSeconds,
        double valFrac, int evalEvery, int checkpointEvery, int sampleLen,
        String out, long randomSeed, int threads) {

    public static final String D_CELL = "lstm";
    public static final String D_ACTIVATION = "tanh";
    public static final String D_HIDDEN = "256";
    public static final String D_LAYERS = "2";
    public static final String D_DROPOUT = "0";
    public static final String D_BATCH = "32";
    public static final String D_SEQ_LEN = "64";
    public static final String D_LR = "0.002";
    public static final String D_LR_DECAY = "0.97";
    public static final String D_LR_DECAY_AFTER = "10";
    public static final String D_OPTIMIZER = "adam";
    public static final String D_MOMENTUM = "0.9";
    public static final String D_CLIP = "5";
    public static final String D_CLIP_VALUE = "0";
    public static final String D_EPOCHS = "50";
    public static final String D_MAX_STEPS = "0";
    public static final String D_MAX_TIME = "0";
    public static final String D_VAL_FRAC = "0.1";
    public static final String D_EVAL_EVERY = "500";
    public static final String D_CHECKPOINT_EVERY = "100";
    public static final String D_SAMPLE_LEN = "200";
    public static final String D_RANDOM_SEED = "1234";

    public TrainOptions {
        require(corpus != null && !corpus.isBlank(), "a corpus file is required");
        require(cell != null && activation != null && optimizer != null, "cell, activation and optimizer are required");
        require(hidden >= 1, "--hidden is " + hidden + "; it must be at least 1");
        require(layers >= 1, "--layers is " + layers + "; it must be at least 1");
        require(dropout >= 0 && dropout < 1, "--dropout is " + dropout + "; it must be in [0, 1)");
        require(batch >= 1, "--batch is " + batch + "; it must be at least 1");
        require(seqLen >= 1, "--seq-len is " + seqLen + "; it must be at least 1");
        require(lr > 0 && Float.isFinite(lr), "--lr is " + lr + "; it must be a positive number (try 0.002)");
        require(lrDecay > 0 && lrDecay <= 1, "--lr-decay is " + lrDecay + "; it must be in (0, 1]");
        require(lrDecayAfter >= 0, "--lr-decay-after is " + lrDecayAfter + "; it must be >= 0");
        require(momentum >= 0 && momentum < 1, "--momentum is " + momentum + "; it must be in [0, 1)");
        require(clip >= 0 && Float.isFinite(clip), "--clip is " + clip + "; it must be >= 0 (0 disables clipping)");
        require(clipValue >= 0 && Float.isFinite(clipValue), "--clip-value is " + clipValue + "; it must be >= 0 (0 disables it)");
        require(epochs >= 1, "--epochs is " + epochs + "; it must be at least 1");
        require(maxSteps >= 0, "--max-steps is " + maxSteps + "; it must be >= 0 (0 = no limit)");
        require(maxTimeSeconds >= 0, "--max-time must be >= 0 (0 = no limit)");
        require(valFrac > 0 && valFrac <= 0.5, "--val-frac is " + valFrac + "; it must be in (0, 0.5]");
        require(evalEvery >= 1, "--eval-every is " + evalEvery + "; it must be at least 1");
        require(checkpointEvery >= 1, "--checkpoint-every is " + checkpointEvery + "; it must be at least 1");
        require(sampleLen >= 0, "--sample-len is " + sampleLen + "; it must be >= 0");
        require(out != null && !out.isBlank(), "--out is required");
        require(threads >= 1, "--threads is " + threads + "; it must be at least 1");
        require(!identityInit || (cell == CellType.RNN && activation == Nonlinearity.RELU),
                "--identity-init applies to --cell rnn --activation relu only");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The learning rate during {@code epoch} (0-based): decayed once per epoch past lrDecayAfter. */
    public float learningRate(int epoch) {
        int decays = Math.max(0, epoch - lrDecayAfter);
        return (float) (lr * Math.pow(lrDecay, decays));
    }
}
