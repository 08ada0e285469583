package dev.rnn.model;

/**
 * The buffers of one time step as the time loop hands them to a {@link Cell}: each is an array
 * plus the offset of this step's rows. Reused across steps (the loop only moves offsets), so a
 * step allocates nothing. N = {@link #n} rows, H = {@link #h}, G = the cell's gate count.
 */
final class CellStep {
    int n;
    int h;
    /** k*N: this step's first row in the (T*N)-row buffers. */
    int rowOff;

    // forward
    /** (N, G*H): the input pre-activations on entry (plus the recurrent ones unless the cell keeps them apart); the gate activations on exit. */
    float[] gates;
    int gatesOff;
    /** (N, G*H): recurrent pre-activations h_{t-1}·W_hhᵀ + b_hh, for cells that keep them apart (GRU). */
    float[] rec;
    int recOff;
    /** The h sequence buffer ((T+1)*N, H): h_{t-1} at {@link #hPrev}, h_t written at {@link #hNext}. */
    float[] hs;
    int hPrev;
    int hNext;
    /** The c sequence buffer ((T+1)*N, H), LSTM only: c_{t-1} at {@link #cPrev}, c_t at {@link #cNext}. */
    float[] cs;
    int cPrev;
    int cNext;
    /** (N, auxWidth): extra values a cell caches for its backward step (LSTM: tanh(c_t)). */
    float[] aux;
    int auxOff;
    /** (H) the gain γ and bias β of the LSTM's cell-state norm, with layer norm; else null. */
    float[] cGain;
    float[] cBias;
    /** (N, H) LN-LSTM: ĉ_t, the normalised c_t, cached for backward. */
    float[] cHat;
    int cHatOff;
    /** (N) LN-LSTM: 1/√(var(c_t) + ε) of each row. */
    float[] cRstd;
    int cRstdOff;

    // backward
    /** (N, H), offset 0: dL/dh_t, everything that reaches h_t. */
    float[] dh;
    /** (N, H), offset 0, LSTM only: dL/dc_t on entry, dL/dc_{t-1} on exit. */
    float[] dc;
    /** (N, G*H) output: dL/d(input pre-activations) of this step. */
    float[] dGates;
    int dGatesOff;
    /** (N, G*H) output, GRU only: dL/d(recurrent pre-activations). */
    float[] dRec;
    int dRecOff;
    /** (N, H), offset 0, output: the part of dL/dh_{t-1} that does not pass through W_hh. */
    float[] dhPrev;
    /** (N, H) output, LN-LSTM: dL/d(γ ⊙ ĉ_t + β), kept for the norm's gain and bias gradients. */
    float[] dcNorm;
    int dcNormOff;
}
