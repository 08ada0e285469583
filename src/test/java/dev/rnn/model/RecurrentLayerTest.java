package dev.rnn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rnn.backend.Backend;
import dev.rnn.backend.TestBackends;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The layer-normalised layer's γ, β gradients, summed over column blocks on several threads, give
 * the bits of a naive serial column sum over the rows in order. H = 37 makes G*H (148 for the
 * LSTM, 111 for the GRU) and H itself no multiple of the column block or the vector width, and
 * N*T = 15 rows; the gradients already hold a sum, as after an earlier chunk.
 */
class RecurrentLayerTest {
    private static final int H = 37;
    private static final int N = 5;
    private static final int T = 3;

    private static void fill(Rng rng, float[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.uniform(-1f, 1f);
        }
    }

    /** γ += Σ_rows dy ⊙ x̂, β += Σ_rows dy, one column at a time in row order: the oracle. */
    private static void serialSums(float[] dy, float[] xhat, int rows, int n, float[] gain, float[] bias) {
        for (int j = 0; j < n; j++) {
            for (int r = 0; r < rows; r++) {
                gain[j] += dy[r * n + j] * xhat[r * n + j];
                bias[j] += dy[r * n + j];
            }
        }
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 2, 3})
    void normGradientsOnThreadsEqualTheSerialSums(int threads) {
        for (Cell cell : new Cell[] {new LstmCell(true), new GruCell()}) {
            Backend be = TestBackends.vector(threads);
            try {
                RecurrentLayer layer = new RecurrentLayer(1, cell, 6, H, false, true);
                LayerBuffers b = new LayerBuffers(layer, be, N, T, false);
                int rows = N * T;
                int gh = cell.gates() * H;
                Rng rng = new Rng(7 + threads);
                for (float[] a : new float[][] {b.dGates, b.dRec, b.xHat, b.recHat, b.dcNorm, b.cHat}) {
                    fill(rng, a);
                }
                for (Param p : layer.params()) {
                    fill(rng, p.grad().data);
                }
                float[][] want = new float[layer.params().size()][];
                for (int p = 0; p < want.length; p++) {
                    want[p] = layer.params().get(p).grad().data.clone();
                }
                // params: weight_ih, weight_hh, ln_ih γ, β, ln_hh γ, β[, ln_c γ, β]
                serialSums(b.dGates, b.xHat, rows, gh, want[2], want[3]);
                serialSums(cell.separateRecurrent() ? b.dRec : b.dGates, b.recHat, rows, gh, want[4], want[5]);
                if (cell.hasCellState()) {
                    serialSums(b.dcNorm, b.cHat, rows, H, want[6], want[7]);
                }

                b.normRows = rows;
                be.parallel().forRanges(RecurrentLayer.gradColumnBlocks(gh), b.normParamGrads);
                if (cell.hasCellState()) {
                    be.parallel().forRanges(RecurrentLayer.gradColumnBlocks(H), b.cellNormParamGrads);
                }
                for (int p = 0; p < want.length; p++) {
                    Param param = layer.params().get(p);
                    assertArrayEquals(want[p], param.grad().data, 0f,
                            param.name() + " (" + cell.getClass().getSimpleName() + ", " + threads + " threads)");
                }
            } finally {
                be.close();
            }
        }
    }
}
