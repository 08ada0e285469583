package dev.rnn.model;

import dev.rnn.math.Param;
import java.util.HashMap;
import java.util.Map;

/**
 * An independent, deliberately naive double-precision forward pass written straight from
 * PyTorch's equations (one explicit loop per sum, a dense one-hot input; with layer norm,
 * scripts/ln_rnn.py's): the oracle for the
 * model's forward pass and the function the double-precision gradient check differentiates.
 */
final class NaiveCharRnn {
    final ModelConfig c;
    final Map<String, double[]> p = new HashMap<>();
    double[][] h0; // [L][N*H]
    double[][] c0;
    double[] logits; // (N, T, V) batch-major, after forward

    NaiveCharRnn(CharRnn model, RnnState state) {
        this.c = model.config();
        for (Param q : model.params()) {
            double[] v = new double[q.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = q.value().data[i];
            }
            p.put(q.name(), v);
        }
        h0 = new double[c.layers()][];
        c0 = new double[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            h0[l] = toDouble(state.h(l));
            c0[l] = toDouble(state.c(l));
        }
    }

    private static double[] toDouble(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** torch.nn.functional.layer_norm of one vector: γ ⊙ (x − mean)/√(var + 1e-5) + β, biased variance. */
    private static double[] layerNorm(double[] x, double[] gain, double[] bias) {
        double mean = 0;
        for (double v : x) {
            mean += v / x.length;
        }
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean) / x.length;
        }
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = gain[j] * (x[j] - mean) / Math.sqrt(var + 1e-5) + bias[j];
        }
        return out;
    }

    /** Mean cross-entropy over targets ≥ 0; inputs and targets are (N, T) batch-major. */
    double loss(int[] inputs, int[] targets, int n, int t) {
        int hh = c.hidden();
        int v = c.vocabSize();
        int g = c.cell().gates();
        double[][] h = new double[c.layers()][];
        double[][] cs = new double[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            h[l] = h0[l].clone();
            cs[l] = c0[l].clone();
        }
        logits = new double[n * t * v];
        double total = 0;
        int count = 0;
        for (int k = 0; k < t; k++) {
            for (int b = 0; b < n; b++) {
                double[] x = new double[v];
                x[inputs[b * t + k]] = 1; // dense one-hot, on purpose
                for (int l = 0; l < c.layers(); l++) {
                    int d = x.length;
                    double[] wih = p.get("rnn.weight_ih_l" + l);
                    double[] whh = p.get("rnn.weight_hh_l" + l);
                    boolean ln = c.layerNorm();
                    double[] zero = new double[g * hh];
                    double[] bih = ln ? zero : p.get("rnn.bias_ih_l" + l);
                    double[] bhh = ln ? zero : p.get("rnn.bias_hh_l" + l);
                    double[] xi = new double[g * hh];
                    double[] hi = new double[g * hh];
                    for (int j = 0; j < g * hh; j++) {
                        double sx = bih[j];
                        for (int q = 0; q < d; q++) {
                            sx += wih[j * d + q] * x[q];
                        }
                        double sh = bhh[j];
                        for (int q = 0; q < hh; q++) {
                            sh += whh[j * hh + q] * h[l][b * hh + q];
                        }
                        xi[j] = sx;
                        hi[j] = sh;
                    }
                    if (ln) {
                        xi = layerNorm(xi, p.get("rnn.ln_ih_weight_l" + l), p.get("rnn.ln_ih_bias_l" + l));
                        hi = layerNorm(hi, p.get("rnn.ln_hh_weight_l" + l), p.get("rnn.ln_hh_bias_l" + l));
                    }
                    double[] out = new double[hh];
                    double[] cNew = new double[hh];
                    double[] oGate = new double[hh];
                    for (int j = 0; j < hh; j++) {
                        double hp = h[l][b * hh + j];
                        switch (c.cell()) {
                            case LSTM -> {
                                double i = sigmoid(xi[j] + hi[j]);
                                double f = sigmoid(xi[hh + j] + hi[hh + j]);
                                double gg = Math.tanh(xi[2 * hh + j] + hi[2 * hh + j]);
                                double o = sigmoid(xi[3 * hh + j] + hi[3 * hh + j]);
                                double cn = f * cs[l][b * hh + j] + i * gg;
                                cNew[j] = cn;
                                oGate[j] = o;
                            }
                            case GRU -> {
                                double r = sigmoid(xi[j] + hi[j]);
                                double z = sigmoid(xi[hh + j] + hi[hh + j]);
                                double nn = Math.tanh(xi[2 * hh + j] + r * hi[2 * hh + j]);
                                out[j] = (1 - z) * nn + z * hp;
                            }
                            case RNN -> {
                                double a = xi[j] + hi[j];
                                out[j] = c.nonlinearity() == Nonlinearity.RELU ? Math.max(0, a) : Math.tanh(a);
                            }
                        }
                    }
                    if (c.cell() == CellType.LSTM) { // h = o ⊙ tanh(c_t), or tanh(LN(c_t)); c_t is carried
                        double[] cn = ln ? layerNorm(cNew, p.get("rnn.ln_c_weight_l" + l), p.get("rnn.ln_c_bias_l" + l)) : cNew;
                        for (int j = 0; j < hh; j++) {
                            out[j] = oGate[j] * Math.tanh(cn[j]);
                        }
                        System.arraycopy(cNew, 0, cs[l], b * hh, hh);
                    }
                    System.arraycopy(out, 0, h[l], b * hh, hh);
                    x = out;
                }
                double[] w = p.get("decoder.weight");
                double[] bias = p.get("decoder.bias");
                int off = (b * t + k) * v;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) {
                    double s = bias[j];
                    for (int q = 0; q < hh; q++) {
                        s += w[j * hh + q] * x[q];
                    }
                    logits[off + j] = s;
                    max = Math.max(max, s);
                }
                int y = targets == null ? -1 : targets[b * t + k];
                if (y >= 0) {
                    double sum = 0;
                    for (int j = 0; j < v; j++) {
                        sum += Math.exp(logits[off + j] - max);
                    }
                    total += Math.log(sum) + max - logits[off + y];
                    count++;
                }
            }
        }
        return count == 0 ? 0 : total / count;
    }
}
