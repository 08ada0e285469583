package dev.rnn.optim;

import dev.rnn.math.Param;
import java.util.List;

/** Gradient clipping: by global L2 norm (PyTorch's {@code clip_grad_norm_}) and by value (char-rnn's). */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** The L2 norm over every parameter's gradient, accumulated in double. */
    public static double globalNorm(List<Param> params) {
        double sum = 0;
        for (Param p : params) {
            float[] g = p.grad().data;
            for (int i = 0; i < p.size(); i++) {
                sum += (double) g[i] * g[i];
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Scales every gradient by min(1, maxNorm / (norm + 1e-6)), PyTorch's rule.
     *
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(List<Param> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clip norm is " + maxNorm + ", expected a positive number");
        }
        double norm = globalNorm(params);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1) {
            float c = (float) coef;
            for (Param p : params) {
                float[] g = p.grad().data;
                for (int i = 0; i < p.size(); i++) {
                    g[i] *= c;
                }
            }
        }
        return norm;
    }

    /** Clamps every gradient element to [−limit, limit]. */
    public static void clipValue(List<Param> params, float limit) {
        if (!(limit > 0)) {
            throw new IllegalArgumentException("clip value is " + limit + ", expected a positive number");
        }
        for (Param p : params) {
            float[] g = p.grad().data;
            for (int i = 0; i < p.size(); i++) {
                g[i] = Math.max(-limit, Math.min(limit, g[i]));
            }
        }
    }
}
