package dev.rnn.model;

import java.util.Arrays;

/**
 * The recurrent state of N parallel streams: per layer, h (N, H) and, for an LSTM, c (N, H).
 * Training carries it from one chunk to the next (truncated BPTT); it is zeroed at an epoch start.
 */
public final class RnnState {
    private final int n;
    private final int hidden;
    private final float[][] h; // [L][N*H]
    private final float[][] c; // [L][N*H], or [L][0] without a cell state

    public RnnState(int layers, int n, int hidden, boolean cellState) {
        this.n = n;
        this.hidden = hidden;
        this.h = new float[layers][n * hidden];
        this.c = new float[layers][cellState ? n * hidden : 0];
    }

    public int layers() {
        return h.length;
    }

    public int rows() {
        return n;
    }

    public int hidden() {
        return hidden;
    }

    public boolean hasCellState() {
        return c.length > 0 && c[0].length > 0;
    }

    /** h of layer l, (N, H) row-major; live, not a copy. */
    public float[] h(int l) {
        return h[l];
    }

    /** c of layer l, (N, H) row-major; live, not a copy; empty without a cell state. */
    public float[] c(int l) {
        return c[l];
    }

    public void zero() {
        for (int l = 0; l < h.length; l++) {
            Arrays.fill(h[l], 0f);
            Arrays.fill(c[l], 0f);
        }
    }

    /** Copies another state of the same shape into this one. */
    public void copyFrom(RnnState other) {
        if (other.layers() != layers() || other.n != n || other.hidden != hidden
                || other.hasCellState() != hasCellState()) {
            throw new IllegalArgumentException("state " + other.layers() + "x" + other.n + "x" + other.hidden
                    + " does not match " + layers() + "x" + n + "x" + hidden);
        }
        for (int l = 0; l < h.length; l++) {
            System.arraycopy(other.h[l], 0, h[l], 0, h[l].length);
            System.arraycopy(other.c[l], 0, c[l], 0, c[l].length);
        }
    }
}
