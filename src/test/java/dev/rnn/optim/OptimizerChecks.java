package dev.rnn.optim;

import static dev.rnn.testutil.Fixture.relativeError;
import static dev.rnn.testutil.Fixture.toDouble;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.math.Param;
import dev.rnn.testutil.Fixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The optimizer tests' two checks: a fixture's trajectory (scripts/fixtures/README.md: three
 * steps from {@code params} on PyTorch's clipped gradients), with the parameters after every step
 * and the state after the last within 1e-5 relative error like {@code FixtureTest}; and a few
 * steps on hand-picked gradients to compare with a formula written out in double in the test.
 */
final class OptimizerChecks {
    static final double TOL = 1e-5;
    static final String[] FIXTURES = {"lstm", "gru", "rnn_tanh", "rnn_relu"};

    private OptimizerChecks() {
    }

    /** The fixture's parameters, flat, in state_dict order (an optimizer sees only elements). */
    static List<Param> params(Fixture f) {
        List<Param> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : f.tensors("params").entrySet()) {
            Param p = Param.vector(e.getKey(), e.getValue().length);
            set(e.getValue(), p.value().data);
            out.add(p);
        }
        return out;
    }

    static void set(double[] from, float[] to) {
        for (int i = 0; i < from.length; i++) {
            to[i] = (float) from[i];
        }
    }

    static void assertClose(String what, double[] expected, double[] actual) {
        double err = relativeError(expected, actual);
        assertTrue(err <= TOL, what + ": relative error " + err + " > " + TOL);
    }

    /** Takes the steps stored under {@code key} (adam, rmsprop, adagrad, sgd) with {@code make}'s optimizer. */
    static void assertMatchesPyTorch(String fixture, String key, Function<List<Param>, Optimizer> make) {
        assertMatchesPyTorch(fixture, key, make, TOL);
    }

    /** The same, with the state compared within {@code stateTol} (the parameters always within 1e-5). */
    static void assertMatchesPyTorch(String fixture, String key, Function<List<Param>, Optimizer> make, double stateTol) {
        Fixture f = Fixture.load(fixture);
        List<Param> params = params(f);
        Optimizer opt = make.apply(params);
        float lr = (float) f.scalar(key, "lr");
        List<Map<String, double[]>> grads = f.tensorSteps(key, "grads");
        List<Map<String, double[]>> after = f.tensorSteps(key, "params_after");
        assertEquals((int) f.scalar(key, "steps"), grads.size(), "steps in the fixture");
        assertTrue(grads.size() >= 2, "a trajectory of one step would not show the state carrying");
        for (int s = 0; s < grads.size(); s++) {
            for (Param p : params) {
                set(grads.get(s).get(p.name()), p.grad().data);
            }
            opt.step(lr);
            for (Param p : params) {
                assertClose(fixture + " " + key + " step " + (s + 1) + " " + p.name(),
                        after.get(s).get(p.name()), toDouble(p.value().data, 0, p.size()));
            }
        }
        assertEquals(grads.size(), opt.steps());
        String slot = f.text(key, "state_slot");
        Map<String, double[]> state = f.tensors(key, "state");
        Map<String, float[]> arrays = opt.stateArrays();
        for (Param p : params) {
            float[] actual = arrays.get("optim." + p.name() + "." + slot);
            assertNotNull(actual, "no state optim." + p.name() + "." + slot + " in " + arrays.keySet());
            double err = relativeError(state.get(p.name()), toDouble(actual, 0, p.size()));
            assertTrue(err <= stateTol, fixture + " " + key + " " + slot + " " + p.name() + ": relative error " + err + " > " + stateTol);
        }
    }

    /**
     * One parameter starting at {@code p0}, stepped once per row of {@code grads} at {@code lr}:
     * the values after each step.
     */
    static float[][] run(Function<List<Param>, Optimizer> make, double[] p0, double[][] grads, float lr) {
        Param p = Param.vector("w", p0.length);
        set(p0, p.value().data);
        Optimizer opt = make.apply(List.of(p));
        float[][] out = new float[grads.length][];
        for (int s = 0; s < grads.length; s++) {
            set(grads[s], p.grad().data);
            opt.step(lr);
            out[s] = p.value().data.clone();
        }
        return out;
    }

    /** Each step's values within 1e-6 (absolute, values near 1) of the double-precision reference. */
    static void assertSteps(double[][] expected, float[][] actual) {
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < expected[s].length; i++) {
                double e = expected[s][i];
                assertEquals(e, actual[s][i], 1e-6 * Math.max(1, Math.abs(e)), "step " + (s + 1) + " element " + i);
            }
        }
    }

    /**
     * Gradients for the hand-written checks: large, small, negative, zero, and tiny ones (1e-4,
     * 1e-5) where ε sits changes the update; a different row per step.
     */
    static final double[] P0 = {0.5, -0.25, 0.125, 1.0, -0.75, 0.3, -0.6};
    static final double[][] GRADS = {
        {0.8, -0.3, 1e-4, 0.0, 2.5, -1e-5, 0.05},
        {-0.4, -0.2, 1e-4, 0.0, 1.5, 3e-5, -0.07},
        {0.1, 0.6, -2e-4, 0.0, -0.5, -1e-5, 0.02},
    };
}
