package dev.rnn.backend.kernels;

import static dev.rnn.backend.kernels.Lanes.L;

/** Per-part work buffers, grown on demand and reused: no allocation in steady state. */
final class Scratch {
    float[] panel = new float[0]; // (KC, L) B's column tail, zero-padded
    float[] tile = new float[0];  // a C tile kept apart: (4, L) column tail or (4, mp) Cᵀ tile
    float[] bt = new float[0];    // (k, w) this part's slice of Bᵀ
    float[] bPanel = new float[0]; // (KC, 4L) a panel of B, contiguous
    final float[] lanes = new float[Math.max(L, 4)];
    final float[] rowSums = new float[4 * L];

    float[] panel(int size) {
        if (panel.length < size) {
            panel = new float[size];
        }
        return panel;
    }

    float[] bPanel(int size) {
        if (bPanel.length < size) {
            bPanel = new float[size];
        }
        return bPanel;
    }

    float[] bt(int size) {
        if (bt.length < size) {
            bt = new float[size];
        }
        return bt;
    }

    float[] tile(int size) {
        if (tile.length < size) {
            tile = new float[size];
        }
        return tile;
    }
}
