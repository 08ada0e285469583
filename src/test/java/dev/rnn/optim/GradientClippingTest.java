package dev.rnn.optim;

import static dev.rnn.testutil.Fixture.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rnn.math.Param;
import dev.rnn.testutil.Fixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clipping by global norm (PyTorch's clip_grad_norm_, against the fixtures' {@code grads_clipped})
 * and by value ({@code --clip-value}, char-rnn's clamp to ±v).
 */
class GradientClippingTest {

    private static List<Param> withGrads(Fixture f, String key) {
        List<Param> params = OptimizerChecks.params(f);
        Map<String, double[]> grads = f.tensors(key);
        for (Param p : params) {
            OptimizerChecks.set(grads.get(p.name()), p.grad().data);
        }
        return params;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru", "rnn_tanh", "rnn_relu"})
    void globalNormClipMatchesPyTorch(String fixture) {
        Fixture f = Fixture.load(fixture);
        List<Param> params = withGrads(f, "grads");
        double norm = f.scalar("grad_global_norm");
        assertEquals(norm, GradientClipping.globalNorm(params), 1e-6 * norm);
        double clip = f.scalar("clip_norm");
        assertEquals(true, norm > clip, "the fixture must actually clip (norm " + norm + ", clip " + clip + ")");
        assertEquals(norm, GradientClipping.clipGlobalNorm(params, clip), 1e-6 * norm, "returns the norm before clipping");
        Map<String, double[]> clipped = f.tensors("grads_clipped");
        for (Param p : params) {
            OptimizerChecks.assertClose(fixture + " clipped " + p.name(), clipped.get(p.name()), toDouble(p.grad().data, 0, p.size()));
        }
        assertEquals(clip, GradientClipping.globalNorm(params), 1e-5 * clip, "the norm after clipping");
    }

    private static List<Param> hand(float[]... grads) {
        Param[] ps = new Param[grads.length];
        for (int i = 0; i < grads.length; i++) {
            ps[i] = Param.vector("p" + i, grads[i].length);
            System.arraycopy(grads[i], 0, ps[i].grad().data, 0, grads[i].length);
        }
        return List.of(ps);
    }

    @Test
    void belowTheLimitGradientsAreLeftAlone() {
        List<Param> ps = hand(new float[] {3, -4}, new float[] {0.1f});
        double norm = Math.sqrt(9 + 16 + 0.1f * 0.1f);
        assertEquals(norm, GradientClipping.clipGlobalNorm(ps, 10), 1e-6);
        assertArrayEquals(new float[] {3, -4}, ps.get(0).grad().data, 0f);
        assertArrayEquals(new float[] {0.1f}, ps.get(1).grad().data, 0f);
    }

    /** PyTorch scales by max / (norm + 1e-6) even when the norm equals the limit: a hair below 1. */
    @Test
    void atTheLimitPyTorchStillScalesByNormOverNormPlusEpsilon() {
        List<Param> ps = hand(new float[] {3, -4});
        GradientClipping.clipGlobalNorm(ps, 5);
        float c = (float) (5 / (5 + 1e-6));
        assertArrayEquals(new float[] {3 * c, -4 * c}, ps.get(0).grad().data, 0f);
    }

    @Test
    void globalNormSpansEveryParameter() {
        List<Param> ps = hand(new float[] {3}, new float[] {0, 4});
        assertEquals(5.0, GradientClipping.globalNorm(ps), 0);
        GradientClipping.clipGlobalNorm(ps, 1);
        assertEquals(0.6, ps.get(0).grad().data[0], 1e-6);
        assertEquals(0.8, ps.get(1).grad().data[1], 1e-6);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN})
    void rejectsANonPositiveNorm(double max) {
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipGlobalNorm(hand(new float[] {1}), max));
    }

    /** Each element clamped to [−v, v] on its own: those inside (and at ±v) keep their bits. */
    @Test
    void clipValueClampsEachElementAndLeavesTheOthers() {
        float v = 0.5f;
        List<Param> ps = hand(
                new float[] {0.7f, -0.7f, 0.5f, -0.5f, 0.49999997f, -0.3f, 0f, Float.POSITIVE_INFINITY},
                new float[] {Float.NEGATIVE_INFINITY, 1e-30f, -12f});
        GradientClipping.clipValue(ps, v);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.5f, -0.5f, 0.49999997f, -0.3f, 0f, 0.5f}, ps.get(0).grad().data, 0f);
        assertArrayEquals(new float[] {-0.5f, 1e-30f, -0.5f}, ps.get(1).grad().data, 0f);
    }

    /** Clipping by value changes the direction (unlike the norm clip): only the large elements move. */
    @Test
    void clipValueDoesNotRescaleTheOthers() {
        List<Param> ps = hand(new float[] {10f, 0.25f});
        GradientClipping.clipValue(ps, 1f);
        assertArrayEquals(new float[] {1f, 0.25f}, ps.get(0).grad().data, 0f);
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, -5f, Float.NaN})
    void rejectsANonPositiveValue(float limit) {
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipValue(hand(new float[] {1}), limit));
    }
}
