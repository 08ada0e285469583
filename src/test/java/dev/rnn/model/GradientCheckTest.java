package dev.rnn.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.backend.TestBackends;
import dev.rnn.math.Param;
import dev.rnn.math.Rng;
import dev.rnn.testutil.Fixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Centred finite-difference gradient checks (as torch-rnn's gradcheck) for every cell on sizes
 * unlike the fixtures': V=11, H=7, L=3, N=2, T=9, one padded target, non-zero initial states.
 *
 * <p>The model runs in float32, so the check uses the fourth-order stencil
 * (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h with a step large enough that float rounding
 * in the loss stays far below the gradient (truncation error is O(h⁴)). The step actually taken
 * is measured after rounding the perturbed weight to float.
 *
 * <p>ReLU is not differentiable at 0: an entry whose finite difference straddles a kink is
 * detected (the estimates at step h and h/4 disagree) and left out, and the test bounds how many
 * are left out. Smooth cells leave nothing out.
 */
class GradientCheckTest {
    static final int V = 11;
    static final int H = 7;
    static final int L = 3;
    static final int N = 2;
    static final int T = 9;
    static final double STEP = 3e-2;
    static final double TOL = 2e-3;

    /**
     * A model, a batch and its initial state, built from one seed. With a dropout seed, every
     * forward pass (each finite-difference evaluation and the analytic one) draws its masks from a
     * generator reseeded to that seed, so all of them see the same masks.
     */
    static final class Problem {
        final CharRnn model;
        final int[] inputs = new int[N * T];
        final int[] targets = new int[N * T];
        final RnnState h0;
        final Workspace ws;
        Long dropoutSeed;
        /** Runs between the analytic forward and backward passes (a negative control breaks something here). */
        java.util.function.Consumer<Workspace> beforeBackward = w -> { };

        Problem(CharRnn model, long seed) {
            this.model = model;
            Rng rng = new Rng(seed);
            model.initialize(rng, false);
            for (Param p : model.params()) { // spread the weights so the gates saturate a little
                for (int i = 0; i < p.size(); i++) {
                    p.value().data[i] = rng.uniform(-0.6f, 0.6f);
                }
            }
            for (int i = 0; i < N * T; i++) {
                inputs[i] = (int) (rng.nextFloat() * V);
                targets[i] = (int) (rng.nextFloat() * V);
            }
            targets[3] = -1; // padding: must contribute nothing
            h0 = model.newState(N);
            for (int l = 0; l < L; l++) {
                for (int i = 0; i < N * H; i++) {
                    h0.h(l)[i] = rng.uniform(-0.5f, 0.5f);
                    if (h0.hasCellState()) {
                        h0.c(l)[i] = rng.uniform(-0.5f, 0.5f);
                    }
                }
            }
            ws = model.newWorkspace(N, T);
        }

        double loss() {
            RnnState s = model.newState(N);
            s.copyFrom(h0);
            model.forward(ws, inputs, targets, s, dropoutRng());
            return ws.meanLoss();
        }

        /** Null (no dropout) or a generator in the same state every time. */
        Rng dropoutRng() {
            return dropoutSeed == null ? null : new Rng(dropoutSeed);
        }

        boolean allowKinks;
        int kinks;
        int entries;

        /**
         * dL/dx[i] by the fourth-order centred stencil; NaN where the loss is not smooth around
         * x[i] (only when kinks are allowed).
         */
        double numeric(float[] x, int i) {
            entries++;
            double d = numeric(x, i, STEP);
            if (allowKinks && Math.abs(d - numeric(x, i, STEP / 4)) > 1e-2 * Math.abs(d) + 1e-4) {
                kinks++;
                return Double.NaN;
            }
            return d;
        }

        private double numeric(float[] x, int i, double step) {
            float orig = x[i];
            float plus = (float) (orig + step);
            double h = (double) plus - orig;
            x[i] = plus;
            double f1 = loss();
            x[i] = (float) (orig + 2 * h);
            double f2 = loss();
            x[i] = (float) (orig - h);
            double m1 = loss();
            x[i] = (float) (orig - 2 * h);
            double m2 = loss();
            x[i] = orig;
            return (-f2 + 8 * f1 - 8 * m1 + m2) / (12 * h);
        }

        /** The worst relative error over every parameter tensor and initial state, with its name. */
        List<String> check(double tol) {
            RnnState s = model.newState(N);
            s.copyFrom(h0);
            model.zeroGrad();
            model.forward(ws, inputs, targets, s, dropoutRng());
            beforeBackward.accept(ws);
            model.backward(ws);
            List<String> failures = new ArrayList<>();
            for (Param p : model.params()) {
                double[] analytic = Fixture.toDouble(p.grad().data, 0, p.size());
                double[] numeric = new double[p.size()];
                for (int i = 0; i < p.size(); i++) {
                    numeric[i] = numeric(p.value().data, i);
                }
                report(p.name(), analytic, numeric, tol, failures);
            }
            for (int l = 0; l < L; l++) {
                report("h0[" + l + "]", Fixture.toDouble(ws.initialHGrad(l), 0, N * H).clone(), numericState(h0.h(l)), tol, failures);
                if (h0.hasCellState()) {
                    report("c0[" + l + "]", Fixture.toDouble(ws.initialCGrad(l), 0, N * H).clone(), numericState(h0.c(l)), tol, failures);
                }
            }
            return failures;
        }

        private double[] numericState(float[] x) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = numeric(x, i);
            }
            return out;
        }

        private static void report(String name, double[] analytic, double[] numeric, double tol, List<String> failures) {
            for (int i = 0; i < numeric.length; i++) {
                if (Double.isNaN(numeric[i])) { // a kink: compare nothing there
                    numeric[i] = 0;
                    analytic[i] = 0;
                }
            }
            double err = Fixture.relativeError(analytic, numeric);
            if (!(err <= tol)) {
                failures.add(name + ": relative error " + String.format("%.3g", err));
            }
        }
    }

    /** {@code cell} is LSTM, GRU or RNN, or LSTM_LN / GRU_LN for the layer-normalised cells. */
    private static CharRnn model(String cell, String nl) {
        boolean ln = cell.endsWith("_LN");
        ModelConfig c = new ModelConfig(CellType.valueOf(cell.replace("_LN", "")), Nonlinearity.valueOf(nl), V, H, L, 0f, ln);
        return new CharRnn(c, TestBackends.java());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LSTM, TANH", "GRU, TANH", "RNN, TANH", "LSTM_LN, TANH", "GRU_LN, TANH"})
    void analyticGradientsMatchFiniteDifferences(String cell, String nl) {
        Problem p = new Problem(model(cell, nl), 42);
        List<String> failures = p.check(TOL);
        assertTrue(failures.isEmpty(), cell + "/" + nl + " gradients off (tolerance " + TOL + "): " + failures);
        assertTrue(p.kinks <= p.entries / 10, p.kinks + " of " + p.entries + " entries sit on a ReLU kink: too many to trust the check");
    }

    /**
     * The same analytic (float) gradients against central differences of the independent
     * double-precision forward pass, with a tiny step: tight, and free of float noise and of
     * ReLU kinks.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LSTM, TANH", "GRU, TANH", "RNN, TANH", "RNN, RELU", "LSTM_LN, TANH", "GRU_LN, TANH"})
    void analyticGradientsMatchDoublePrecisionDifferences(String cell, String nl) {
        Problem p = new Problem(model(cell, nl), 7);
        RnnState s = p.model.newState(N);
        s.copyFrom(p.h0);
        p.model.zeroGrad();
        p.model.forward(p.ws, p.inputs, p.targets, s, null);
        p.model.backward(p.ws);
        NaiveCharRnn ref = new NaiveCharRnn(p.model, p.h0);
        List<String> failures = new ArrayList<>();
        double eps = 1e-6;
        for (Param q : p.model.params()) {
            double[] w = ref.p.get(q.name());
            double[] numeric = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                double orig = w[i];
                w[i] = orig + eps;
                double up = ref.loss(p.inputs, p.targets, N, T);
                w[i] = orig - eps;
                double down = ref.loss(p.inputs, p.targets, N, T);
                w[i] = orig;
                numeric[i] = (up - down) / (2 * eps);
            }
            double err = Fixture.relativeError(Fixture.toDouble(q.grad().data, 0, q.size()), numeric);
            if (!(err <= 1e-4)) {
                failures.add(q.name() + ": relative error " + String.format("%.3g", err));
            }
        }
        assertTrue(failures.isEmpty(), cell + "/" + nl + " gradients off (tolerance 1e-4): " + failures);
    }

    /** The model's forward pass equals the naive double-precision one. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LSTM, TANH", "GRU, TANH", "RNN, TANH", "RNN, RELU", "LSTM_LN, TANH", "GRU_LN, TANH"})
    void forwardMatchesNaiveReference(String cell, String nl) {
        Problem p = new Problem(model(cell, nl), 11);
        NaiveCharRnn ref = new NaiveCharRnn(p.model, p.h0);
        double expected = ref.loss(p.inputs, p.targets, N, T);
        double actual = p.loss();
        double[] logits = new double[N * T * V];
        for (int b = 0; b < N; b++) {
            for (int k = 0; k < T; k++) {
                for (int j = 0; j < V; j++) {
                    logits[(b * T + k) * V + j] = p.ws.logits()[p.ws.logitsOffset(b, k) + j];
                }
            }
        }
        double err = Fixture.relativeError(ref.logits, logits);
        assertTrue(err < 1e-5, "logits relative error " + err);
        assertTrue(Math.abs(expected - actual) < 1e-5 * expected, "loss " + actual + " vs reference " + expected);
    }

    /** An LSTM whose backward step drops the forget gate's term: the check must catch it. */
    private static final class ForgetlessLstm implements Cell {
        private final LstmCell inner = new LstmCell();

        @Override public int gates() { return inner.gates(); }
        @Override public boolean separateRecurrent() { return inner.separateRecurrent(); }
        @Override public boolean hasCellState() { return inner.hasCellState(); }
        @Override public int auxWidth(int hidden) { return inner.auxWidth(hidden); }
        @Override public void forward(CellStep s, int from, int to) { inner.forward(s, from, to); }

        @Override
        public void backward(CellStep s, int from, int to) {
            inner.backward(s, from, to);
            for (int r = from; r < to; r++) { // zero d(forget pre-activation)
                java.util.Arrays.fill(s.dGates, s.dGatesOff + r * 4 * s.h + s.h, s.dGatesOff + r * 4 * s.h + 2 * s.h, 0f);
            }
        }
    }

    @Test
    void checkCatchesADroppedGradientTerm() {
        ModelConfig c = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, H, L, 0f);
        Problem p = new Problem(new CharRnn(c, TestBackends.java(), new ForgetlessLstm()), 42);
        List<String> failures = p.check(TOL);
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("rnn.weight_hh_l0")),
                "a dropped forget-gate term must fail the check, got failures " + failures);
    }

    /** A layer-normalised LSTM whose backward step loses dL/d(LN(c_t)) before the norm's gain and bias see it. */
    private static final class NormlessLstm implements Cell {
        private final LstmCell inner = new LstmCell(true);

        @Override public int gates() { return inner.gates(); }
        @Override public boolean separateRecurrent() { return inner.separateRecurrent(); }
        @Override public boolean hasCellState() { return inner.hasCellState(); }
        @Override public int auxWidth(int hidden) { return inner.auxWidth(hidden); }
        @Override public void forward(CellStep s, int from, int to) { inner.forward(s, from, to); }

        @Override
        public void backward(CellStep s, int from, int to) {
            inner.backward(s, from, to);
            java.util.Arrays.fill(s.dcNorm, s.dcNormOff + from * s.h, s.dcNormOff + to * s.h, 0f);
        }
    }

    @Test
    void checkCatchesALostLayerNormGradient() {
        ModelConfig c = new ModelConfig(CellType.LSTM, Nonlinearity.TANH, V, H, L, 0f, true);
        Problem p = new Problem(new CharRnn(c, TestBackends.java(), new NormlessLstm()), 42);
        List<String> failures = p.check(TOL);
        assertTrue(failures.stream().anyMatch(f -> f.startsWith("rnn.ln_c_weight_l0")),
                "a lost gradient of the cell norm must fail the check, got failures " + failures);
    }
}
