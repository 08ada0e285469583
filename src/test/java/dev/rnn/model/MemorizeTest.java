package dev.rnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.math.Rng;
import dev.rnn.optim.GradientClipping;
import dev.rnn.optim.Optimizer;
import dev.rnn.optim.OptimizerType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every cell type learns a short repeating text by heart: the loss goes to nearly zero. */
class MemorizeTest {
    private static final String TEXT = "hello, world! ";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LSTM, TANH", "GRU, TANH", "RNN, TANH", "RNN, RELU"})
    void learnsARepeatingText(String cell, String nl) {
        int v = 26 + 6;
        int n = 4;
        int t = 16;
        CharRnn model = new CharRnn(new ModelConfig(CellType.valueOf(cell), Nonlinearity.valueOf(nl), v, 32, 1, 0f),
                TestBackends.java());
        model.initialize(new Rng(1), nl.equals("RELU"));
        Optimizer adam = Optimizer.create(OptimizerType.ADAM, model.params());
        Workspace ws = model.newWorkspace(n, t);
        RnnState state = model.newState(n);
        int[] inputs = new int[n * t];
        int[] targets = new int[n * t];
        double loss = Double.NaN;
        for (int step = 0; step < 300; step++) {
            for (int b = 0; b < n; b++) { // stream b reads the text from offset b*3, continuing across steps
                for (int k = 0; k < t; k++) {
                    int pos = b * 3 + step * t + k;
                    inputs[b * t + k] = id(TEXT.charAt(pos % TEXT.length()));
                    targets[b * t + k] = id(TEXT.charAt((pos + 1) % TEXT.length()));
                }
            }
            model.zeroGrad();
            model.forward(ws, inputs, targets, state, null);
            loss = ws.meanLoss();
            model.backward(ws);
            GradientClipping.clipGlobalNorm(model.params(), 5);
            adam.step(1e-2f);
        }
        assertTrue(loss < 0.05, cell + "/" + nl + " did not memorise the text: loss " + loss + " after 300 steps");
    }

    private static int id(char c) {
        return c >= 'a' && c <= 'z' ? c - 'a' : 26 + ", !".indexOf(c) + 1;
    }
}
