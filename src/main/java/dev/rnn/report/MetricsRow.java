package dev.rnn.report;

/**
 * One row of a run's metrics.csv. Empty cells read as NaN: the validation columns outside
 * evaluation steps, and the training columns of the extra evaluation row written at the end.
 *
 * @param step           optimizer steps so far
 * @param epoch          position in the training data, in epochs
 * @param trainLoss      mean cross-entropy of this step's batch, nats/char
 * @param valLoss        validation cross-entropy, nats/char
 * @param valBpc         the same in bits/char
 * @param lr             learning rate of this step
 * @param gradNorm       global L2 norm of the gradient before clipping
 * @param charsPerSec    training throughput of this step
 * @param elapsedSeconds training time of this session (restarts from 0 on --resume)
 */
public record MetricsRow(long step, double epoch, double trainLoss, double valLoss, double valBpc, double lr,
                         double gradNorm, double charsPerSec, double elapsedSeconds) {
}
