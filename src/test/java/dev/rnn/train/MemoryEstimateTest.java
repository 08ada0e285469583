package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.model.CellType;
import dev.rnn.model.ModelConfig;
import dev.rnn.model.Nonlinearity;
import dev.rnn.optim.OptimizerType;
import org.junit.jupiter.api.Test;

/** The memory a model needs is known, and refused with one line, before anything is allocated. */
class MemoryEstimateTest {
    private static ModelConfig lstm(int layers, int hidden) {
        return new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 65, hidden, layers, 0f);
    }

    @Test
    void countsParametersGradientsOptimizerStateAndWorkspace() {
        ModelConfig c = lstm(2, 256);
        MemoryEstimate adam = MemoryEstimate.of(c, OptimizerType.ADAM, 32, 64);
        MemoryEstimate sgd = MemoryEstimate.of(c, OptimizerType.SGD, 32, 64);
        assertEquals(c.parameterCount(), (long) MemoryEstimate.parameters(c));
        // Adam keeps one more array of the parameters' size than SGD's momentum
        assertEquals(4 * c.parameterCount(), adam.bytes() - sgd.bytes());
        assertTrue(adam.bytes() > 4 * 4 * c.parameterCount(), "below values + gradients + 2 moments: " + adam.bytes());
        // ~15 MB of parameters and state, ~50 MB for training's 32x64 rows, ~100 MB for validation's 32x128
        // (measured: this run stops with OutOfMemoryError at -Xmx200m and trains at -Xmx300m)
        assertTrue(adam.bytes() > 150_000_000L && adam.bytes() < 200_000_000L, "an LSTM 2x256: " + adam.bytes());
        // the largest matrix: the gates of validation's 32·128 rows, (4096, 1024), above training's (2048, 1024)
        assertEquals(32L * 128 * 1024, adam.largestFloats());
        assertEquals(64L * 128 * 1024, MemoryEstimate.of(c, OptimizerType.ADAM, 64, 128).largestFloats());
        assertTrue(MemoryEstimate.of(c, OptimizerType.ADAM, 64, 64).bytes() > adam.bytes(), "the workspace grows with N");
    }

    @Test
    void validationsWorkspaceIsCountedBesideTheTrainingStep() {
        // a multilingual vocabulary: validation's logits and their gradient, (32·128, V) twice, dominate
        ModelConfig c = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 5645, 256, 2, 0f);
        MemoryEstimate e = MemoryEstimate.of(c, OptimizerType.ADAM, 32, 64);
        double params = MemoryEstimate.parameters(c);
        assertTrue(e.bytes() - 4 * (4 * params + 2 * 1024 * 256) >= 4L * 2 * (32 * 64 + 32 * 128) * 5645,
                "training's and validation's logits: " + e.bytes());
        // the 1 GB corpus run that ran out of heap at its first validation is refused before it starts
        assertThrows(IllegalArgumentException.class, () -> e.requireFits(512L << 20));
    }

    @Test
    void layerNormAndWeightDropAddTheirParametersAndBuffers() {
        ModelConfig plain = lstm(2, 256);
        ModelConfig ln = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 65, 256, 2, 0f, true);
        ModelConfig wd = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, 65, 256, 2, 0f, false, false, 0.5f);
        assertEquals(ln.parameterCount(), (long) MemoryEstimate.parameters(ln));
        assertEquals(plain.parameterCount() + 2 * (2 * 1024 + 2 * 256), ln.parameterCount());
        long base = MemoryEstimate.of(plain, OptimizerType.ADAM, 32, 64).bytes();
        // x̂, r̂, dL/d(W_hh·h) (N·T, G·H) and ĉ, its gradient, rstd (N·T, H) per layer, beside the parameters
        assertTrue(MemoryEstimate.of(ln, OptimizerType.ADAM, 32, 64).bytes() - base >= 4L * 2 * 2048 * 3 * 1024,
                "layer norm's buffers are counted");
        assertEquals(4L * 3 * 2 * 1024 * 256, MemoryEstimate.of(wd, OptimizerType.ADAM, 32, 64).bytes() - base,
                "weight drop: W_hh ⊙ M, M and the masked gradient per layer");
    }

    @Test
    void aModelLargerThanTheHeapIsRefusedWithWhatItNeeds() {
        MemoryEstimate e = MemoryEstimate.of(lstm(2, 100_000), OptimizerType.ADAM, 32, 64);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.requireFits(6_000_000_000L));
        String m = x.getMessage();
        assertTrue(m.startsWith("an lstm 2x100000 model needs about 2.3 TB ("), m);
        assertTrue(m.contains("the heap allows 6.0 GB: use a smaller --hidden, or give Java more memory with RNN_JAVA_OPTS=-Xmx"), m);
        assertEquals(1, m.lines().count());
        assertDoesNotThrow(() -> MemoryEstimate.of(lstm(2, 256), OptimizerType.ADAM, 32, 64).requireFits(6_000_000_000L));
    }

    @Test
    void aMatrixLargerThanAJavaArrayIsRefusedWhateverTheHeap() {
        MemoryEstimate e = MemoryEstimate.of(lstm(1, 30_000), OptimizerType.ADAM, 50, 50);
        assertEquals(120_000L * 30_000, e.largestFloats());
        String m = assertThrows(IllegalArgumentException.class, () -> e.requireFits(Long.MAX_VALUE)).getMessage();
        assertTrue(m.contains("needs a matrix of 3600000000 floats, more than a Java array holds"), m);
        ModelConfig gru = new ModelConfig(CellType.GRU, Nonlinearity.TANH, 65, 30_000, 1, 0f);
        String g = assertThrows(IllegalArgumentException.class,
                () -> MemoryEstimate.of(gru, OptimizerType.ADAM, 1, 1).requireFits(1000)).getMessage();
        assertTrue(g.startsWith("a gru 1x30000 model"), g);
    }

    @Test
    void aHiddenSizeWhoseGateRowsOverflowAnIntIsStillEstimated() {
        MemoryEstimate e = MemoryEstimate.of(lstm(1, 1 << 30), OptimizerType.ADAM, 1, 1);
        assertTrue(e.bytes() > 0 && e.largestFloats() > Integer.MAX_VALUE, e.toString());
    }

    @Test
    void sizesReadInDecimalUnits() {
        assertEquals("512 bytes", MemoryEstimate.size(512));
        assertEquals("6.0 GB", MemoryEstimate.size(6_000_000_000L));
        assertEquals("1.2 TB", MemoryEstimate.size(1_234_000_000_000L));
    }
}
