package dev.rnn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.math.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every optimizer shares: the learning-rate check, the state a checkpoint saves, and a resume. */
class OptimizerTest {

    private static List<Param> params() {
        Param a = Param.matrix("rnn.weight_hh_l0", 2, 3);
        Param b = Param.vector("decoder.bias", 4);
        for (Param p : List.of(a, b)) {
            for (int i = 0; i < p.size(); i++) {
                p.value().data[i] = 0.1f * (i + 1) * (p == a ? 1 : -1);
            }
        }
        return List.of(a, b);
    }

    /** A different gradient at each step, so the state matters. */
    private static void setGrads(List<Param> params, int step) {
        for (Param p : params) {
            for (int i = 0; i < p.size(); i++) {
                p.grad().data[i] = (float) Math.sin(1.7 * step + 0.3 * i) * (i % 3 == 0 ? 1e-3f : 1f);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(OptimizerType.class)
    void createMakesTheRequestedType(OptimizerType type) {
        assertEquals(type, Optimizer.create(type, params()).type());
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, -1e-3f, Float.NaN, Float.POSITIVE_INFINITY})
    void rejectsALearningRateThatIsNotPositiveAndFinite(float lr) {
        List<Param> ps = params();
        setGrads(ps, 0);
        float[] before = ps.get(0).value().data.clone();
        Optimizer opt = Optimizer.create(OptimizerType.ADAM, ps);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(lr));
        assertTrue(e.getMessage().contains("learning rate is " + lr), e.getMessage());
        assertEquals(0, opt.steps(), "a rejected step is not counted");
        assertArrayEquals(before, ps.get(0).value().data, 0f, "a rejected step changes nothing");
    }

    @Test
    void rejectsANegativeStepCount() {
        Optimizer opt = Optimizer.create(OptimizerType.SGD, params());
        assertThrows(IllegalArgumentException.class, () -> opt.setSteps(-1));
    }

    /** The names a checkpoint stores the state under: optim.&lt;param&gt;.&lt;PyTorch slot&gt;, slot by slot. */
    @Test
    void stateArraysAreNamedByParameterAndSlot() {
        assertEquals(List.of("optim.rnn.weight_hh_l0.exp_avg", "optim.decoder.bias.exp_avg",
                        "optim.rnn.weight_hh_l0.exp_avg_sq", "optim.decoder.bias.exp_avg_sq"),
                new ArrayList<>(Optimizer.create(OptimizerType.ADAM, params()).stateArrays().keySet()));
        assertEquals(List.of("optim.rnn.weight_hh_l0.square_avg", "optim.decoder.bias.square_avg"),
                new ArrayList<>(Optimizer.create(OptimizerType.RMSPROP, params()).stateArrays().keySet()));
        assertEquals(List.of("optim.rnn.weight_hh_l0.sum", "optim.decoder.bias.sum"),
                new ArrayList<>(Optimizer.create(OptimizerType.ADAGRAD, params()).stateArrays().keySet()));
        assertEquals(List.of("optim.rnn.weight_hh_l0.momentum_buffer", "optim.decoder.bias.momentum_buffer"),
                new ArrayList<>(Optimizer.create(OptimizerType.SGD, params()).stateArrays().keySet()));
        Map<String, float[]> state = Optimizer.create(OptimizerType.ADAM, params()).stateArrays();
        assertEquals(6, state.get("optim.rnn.weight_hh_l0.exp_avg").length);
        assertEquals(4, state.get("optim.decoder.bias.exp_avg_sq").length);
    }

    /**
     * Five steps in one go equal two steps, a copy of the state arrays and step count into a new
     * optimizer (what a checkpoint does), and three more, bit for bit.
     */
    @ParameterizedTest
    @EnumSource(OptimizerType.class)
    void resumesFromItsStateBitForBit(OptimizerType type) {
        List<Param> straight = params();
        Optimizer a = Optimizer.create(type, straight);
        for (int s = 0; s < 5; s++) {
            setGrads(straight, s);
            a.step(1e-2f);
        }

        List<Param> first = params();
        Optimizer b = Optimizer.create(type, first);
        for (int s = 0; s < 2; s++) {
            setGrads(first, s);
            b.step(1e-2f);
        }
        List<Param> resumed = params();
        for (int p = 0; p < resumed.size(); p++) {
            System.arraycopy(first.get(p).value().data, 0, resumed.get(p).value().data, 0, first.get(p).size());
        }
        Optimizer c = Optimizer.create(type, resumed);
        Map<String, float[]> saved = b.stateArrays();
        for (Map.Entry<String, float[]> e : c.stateArrays().entrySet()) {
            System.arraycopy(saved.get(e.getKey()), 0, e.getValue(), 0, e.getValue().length);
        }
        c.setSteps(b.steps());
        for (int s = 2; s < 5; s++) {
            setGrads(resumed, s);
            c.step(1e-2f);
        }
        assertEquals(a.steps(), c.steps());
        for (int p = 0; p < straight.size(); p++) {
            assertArrayEquals(straight.get(p).value().data, resumed.get(p).value().data, 0f,
                    type + " " + straight.get(p).name() + " after a resume at step 2");
        }
    }

    /** The negative control of the resume test: without the saved state the run goes elsewhere. */
    @ParameterizedTest
    @EnumSource(OptimizerType.class)
    void aFreshOptimizerDoesNotResume(OptimizerType type) {
        List<Param> straight = params();
        Optimizer a = Optimizer.create(type, straight);
        List<Param> restarted = params();
        Optimizer b = Optimizer.create(type, restarted);
        for (int s = 0; s < 5; s++) {
            if (s == 2) {
                b = Optimizer.create(type, restarted);
            }
            setGrads(straight, s);
            setGrads(restarted, s);
            a.step(1e-2f);
            b.step(1e-2f);
        }
        float[] x = straight.get(0).value().data;
        float[] y = restarted.get(0).value().data;
        boolean differs = false;
        for (int i = 0; i < straight.get(0).size(); i++) {
            differs |= x[i] != y[i];
        }
        assertTrue(differs, type + ": losing the state must change the trajectory, or the resume test proves nothing");
    }
}
