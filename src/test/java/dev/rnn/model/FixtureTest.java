package dev.rnn.model;

import static dev.rnn.testutil.Fixture.relativeError;
import static dev.rnn.testutil.Fixture.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.Backend;
import dev.rnn.backend.Backends;
import dev.rnn.backend.kernels.ProductBackends;
import dev.rnn.math.Param;
import dev.rnn.optim.GradientClipping;
import dev.rnn.optim.Optimizer;
import dev.rnn.optim.OptimizerType;
import dev.rnn.testutil.Fixture;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Number-for-number agreement with PyTorch (float64 fixtures) for every cell type, with and
 * without layer norm (scripts/ln_rnn.py): logits, loss,
 * final states, every gradient, the initial-state gradients, clipping and one Adam step, through
 * every matrix-product backend in {@link ProductBackends}.
 */
class FixtureTest {
    private static final double TOL = 1e-5;

    static Stream<Arguments> cases() {
        return Stream.of("lstm", "gru", "rnn_tanh", "rnn_relu", "lstm_ln", "gru_ln").flatMap(name ->
                ProductBackends.all().stream().map(backend -> Arguments.of(name, backend)));
    }

    /** The list above stays complete: whatever the product picks on this JVM is in it. */
    @Test
    void theProductsBackendIsAmongThoseTested() {
        Set<String> tested = ProductBackends.all().stream().map(c -> {
            try (Backend be = c.create()) {
                return be.name();
            }
        }).collect(Collectors.toSet());
        for (int threads : new int[] {1, 2}) {
            try (Backend picked = Backends.best(threads)) {
                assertTrue(tested.contains(picked.name()), picked.name() + " (" + threads
                        + " threads) is what rnn picks here but FixtureTest does not run it; add it to ProductBackends");
            }
        }
    }

    static CharRnn modelFor(Fixture f, Backend mm) {
        CellType cell = CellType.valueOf(f.cell.toUpperCase());
        Nonlinearity nl = f.nonlinearity == null ? Nonlinearity.TANH : Nonlinearity.valueOf(f.nonlinearity.toUpperCase());
        CharRnn model = new CharRnn(new ModelConfig(cell, nl, f.vocab, f.hidden, f.layers, 0f, f.layerNorm), mm);
        Map<String, double[]> params = f.tensors("params");
        assertEquals(params.keySet(), model.params().stream().map(Param::name).collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new)),
                "parameter names and order follow PyTorch's state_dict");
        for (Param p : model.params()) {
            double[] v = params.get(p.name());
            assertEquals(p.size(), v.length, p.name() + " size");
            for (int i = 0; i < v.length; i++) {
                p.value().data[i] = (float) v[i];
            }
        }
        return model;
    }

    static void loadState(Fixture f, RnnState state) {
        int nh = f.batch * f.hidden;
        double[] h0 = f.array("h0");
        double[] c0 = f.has("c0") ? f.array("c0") : null;
        for (int l = 0; l < f.layers; l++) {
            for (int i = 0; i < nh; i++) {
                state.h(l)[i] = (float) h0[l * nh + i];
                if (c0 != null) {
                    state.c(l)[i] = (float) c0[l * nh + i];
                }
            }
        }
    }

    static void assertClose(String what, double[] expected, double[] actual) {
        double err = relativeError(expected, actual);
        assertTrue(err <= TOL, what + ": relative error " + err + " > " + TOL);
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("cases")
    void matchesPyTorch(String name, ProductBackends.Case backend) {
        try (Backend mm = backend.create()) {
            matchesPyTorch(name, mm);
        }
    }

    private static void matchesPyTorch(String name, Backend mm) {
        Fixture f = Fixture.load(name);
        CharRnn model = modelFor(f, mm);
        int n = f.batch;
        int t = f.seq;
        int v = f.vocab;
        int nh = n * f.hidden;
        Workspace ws = model.newWorkspace(n, t);
        RnnState state = model.newState(n);
        loadState(f, state);

        model.zeroGrad();
        model.forward(ws, f.ints("inputs"), f.ints("targets"), state, null);

        double[] logits = new double[n * t * v];
        for (int b = 0; b < n; b++) {
            for (int k = 0; k < t; k++) {
                for (int j = 0; j < v; j++) {
                    logits[(b * t + k) * v + j] = ws.logits()[ws.logitsOffset(b, k) + j];
                }
            }
        }
        assertClose(name + " logits", f.array("logits"), logits);
        assertClose(name + " loss", new double[] {f.scalar("loss")}, new double[] {ws.meanLoss()});
        double[] hT = new double[f.layers * nh];
        double[] cT = new double[f.layers * nh];
        for (int l = 0; l < f.layers; l++) {
            System.arraycopy(toDouble(state.h(l), 0, nh), 0, hT, l * nh, nh);
            if (state.hasCellState()) {
                System.arraycopy(toDouble(state.c(l), 0, nh), 0, cT, l * nh, nh);
            }
        }
        assertClose(name + " hT", f.array("hT"), hT);
        if (f.has("cT")) {
            assertClose(name + " cT", f.array("cT"), cT);
        }

        model.backward(ws);
        Map<String, double[]> grads = f.tensors("grads");
        for (Param p : model.params()) {
            assertClose(name + " grad " + p.name(), grads.get(p.name()), toDouble(p.grad().data, 0, p.size()));
        }
        double[] gh0 = new double[f.layers * nh];
        double[] gc0 = new double[f.layers * nh];
        for (int l = 0; l < f.layers; l++) {
            System.arraycopy(toDouble(ws.initialHGrad(l), 0, nh), 0, gh0, l * nh, nh);
            if (state.hasCellState()) {
                System.arraycopy(toDouble(ws.initialCGrad(l), 0, nh), 0, gc0, l * nh, nh);
            }
        }
        assertClose(name + " grad_h0", f.array("grad_h0"), gh0);
        if (f.has("grad_c0")) {
            assertClose(name + " grad_c0", f.array("grad_c0"), gc0);
        }

        double norm = GradientClipping.clipGlobalNorm(model.params(), f.scalar("clip_norm"));
        assertClose(name + " global norm", new double[] {f.scalar("grad_global_norm")}, new double[] {norm});
        Map<String, double[]> clipped = f.tensors("grads_clipped");
        for (Param p : model.params()) {
            assertClose(name + " clipped " + p.name(), clipped.get(p.name()), toDouble(p.grad().data, 0, p.size()));
        }

        Optimizer adam = Optimizer.create(OptimizerType.ADAM, model.params());
        adam.step((float) f.scalar("adam_lr"));
        Map<String, double[]> after = f.tensors("params_after_adam");
        for (Param p : model.params()) {
            assertClose(name + " after Adam " + p.name(), after.get(p.name()), toDouble(p.value().data, 0, p.size()));
        }
    }
}
