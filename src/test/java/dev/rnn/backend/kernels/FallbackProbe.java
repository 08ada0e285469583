package dev.rnn.backend.kernels;

import dev.rnn.backend.Backend;
import dev.rnn.backend.Backends;
import dev.rnn.math.Activations;
import dev.rnn.math.Mat;
import dev.rnn.math.VectorApi;

/**
 * Run by {@code BackendsTest} in a JVM started without the Vector API module: prints what
 * {@link Backends} chose and a digest of activation and product results, which the test compares
 * with the same digest computed on the vector path.
 */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    public static void main(String[] args) {
        Backend mm = Backends.best(2);
        System.out.println("vector=" + VectorApi.available());
        System.out.println("best=" + mm.name());
        System.out.println("activations=" + activationDigest());
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {1, 0, 0, 1, 1, 1};
        float[] c = new float[4];
        mm.mult(Mat.of(a, 2, 3), Mat.of(b, 3, 2), Mat.of(c, 2, 2)); // [[1,2,3],[4,5,6]] · [[1,0],[0,1],[1,1]]
        System.out.println("product=" + java.util.Arrays.toString(c));
    }

    /** A digest of the bits of sigmoid and tanh over a fixed spread of inputs. */
    public static long activationDigest() {
        float[] x = new float[100_003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((i - x.length / 2) * 3.7e-4);
        }
        float[] s = new float[x.length];
        float[] t = new float[x.length];
        Activations.sigmoid(x, 0, s, 0, x.length);
        Activations.tanh(x, 0, t, 0, x.length);
        long h = 1125899906842597L;
        for (int i = 0; i < x.length; i++) {
            h = 31 * h + Float.floatToRawIntBits(s[i]);
            h = 31 * h + Float.floatToRawIntBits(t[i]);
        }
        return h;
    }
}
