package dev.rnn.backend.kernels;

import dev.rnn.backend.Backends;
import dev.rnn.math.Activations;
import dev.rnn.math.Elementwise;
import dev.rnn.math.Rng;
import dev.rnn.math.VectorApi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;

/**
 * Microbenchmark of the matrix products and gate nonlinearities on the model's own shapes (N=50,
 * T=50, LSTM G=4, V=65): GFLOP/s per implementation and µs per call, and ns per element for the
 * activations. A tool, not a test; it prints to stdout. Run from the project directory:
 *
 * <pre>
 * mvn -q compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:$(cat cp.txt) dev.rnn.math.KernelBench \
 *     [--h 128,512] [--impl java,plain1,plain2,vector1,vector2,ejml,ejml-mt] [--runs 5] [--ms 150] [--no-act]
 * </pre>
 *
 * Each figure is the median of {@code --runs} timed runs of at least {@code --ms} ms each, after a
 * warm-up until the time per call stops improving. Lines starting with {@code RESULT} are tab-separated for scripts.
 */
public final class KernelBench {
    private static final int N = 50;
    private static final int T = 50;
    private static final int G = 4;
    private static final int V = 65;

    private static final int MULT = 0;
    private static final int TRANS_A = 1;
    private static final int TRANS_B = 2;

    /** One product as the model calls it: C (m, n) = op(A) · op(B) with the shared dimension k. */
    private record Shape(String label, int op, int m, int k, int n, boolean accumulate) {
        double flops() {
            return 2.0 * m * k * n;
        }

        String dims() {
            return String.format("(%d,%d,%d)", m, k, n);
        }
    }

    /** A way of computing a product. */
    private interface Impl {
        String name();

        /** Prepares operands for a shape; returns the call to time. */
        Runnable prepare(Shape s, float[] a, float[] b, float[] c);
    }

    private KernelBench() {
    }

    public static void main(String[] args) {
        Map<String, String> opt = options(args);
        String hOpt = opt.getOrDefault("h", "128,512");
        int[] hs = hOpt.isEmpty() ? new int[0] : Arrays.stream(hOpt.split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> impls = List.of(opt.getOrDefault("impl", "java,plain1,plain2,vector1,vector2,ejml,ejml-mt").split(","));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        long ms = Long.parseLong(opt.getOrDefault("ms", "150"));
        String jdk = Runtime.version().feature() + "";
        boolean vector = VectorApi.available();
        System.out.printf("KernelBench: JDK %s (%s), %d cores, vector module %s%s, %d runs of >= %d ms, median%n",
                Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                vector ? "present" : "ABSENT", vector ? ", " + VectorMatMul.lanes() + " float lanes" : "", runs, ms);
        EjmlConcurrency.setMaxThreads(2);

        List<Impl> chosen = new ArrayList<>();
        List<AutoCloseable> toClose = new ArrayList<>();
        for (String name : impls) {
            switch (name) {
                case "java": chosen.add(matMul(name, new JavaMatMul())); break;
                case "plain1":
                case "plain2": {
                    PlainMatMul mm = new PlainMatMul(name.equals("plain1") ? 1 : 2);
                    toClose.add(mm);
                    chosen.add(matMul(name, mm));
                    break;
                }
                case "vector1":
                case "vector2": {
                    if (!vector) {
                        System.out.println("skipping " + name + ": start the JVM with --add-modules jdk.incubator.vector");
                        break;
                    }
                    MatMul mm = Backends.vector(name.equals("vector1") ? 1 : 2);
                    toClose.add((AutoCloseable) mm);
                    chosen.add(matMul(name, mm));
                    break;
                }
                case "ejml": chosen.add(ejml(name, false)); break;
                case "ejml-mt": chosen.add(ejml(name, true)); break;
                default: throw new IllegalArgumentException("unknown --impl " + name);
            }
        }

        for (int h : hs) {
            for (Shape s : shapes(h)) {
                float[] a = random(s.m * s.k, 1);
                float[] b = random(s.k * s.n, 2);
                float[] c = random(s.m * s.n, 3);
                for (Impl impl : chosen) {
                    double[] r = time(impl.prepare(s, a, b, c), s.flops(), runs, ms);
                    System.out.printf("H=%-4d %-9s %-24s %-16s %7.1f GFLOP/s %10.1f us/call%n",
                            h, impl.name(), s.label, s.dims(), r[0], r[1]);
                    System.out.printf("RESULT\t%s\t%d\t%s\t%s\t%s\t%.2f\t%.2f%n",
                            jdk, h, impl.name(), s.label, s.dims(), r[0], r[1]);
                }
            }
        }
        if (!opt.containsKey("no-act")) {
            activations(jdk, vector, runs, ms);
        }
        for (AutoCloseable x : toClose) {
            try {
                x.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The products of one training step and of sampling, as RecurrentLayer and Decoder call them. */
    private static List<Shape> shapes(int h) {
        int gh = G * h;
        int rows = N * T;
        return List.of(
                new Shape("fwd h.Whh^T (xT)", TRANS_B, N, h, gh, true),
                new Shape("fwd X.Wih^T", TRANS_B, rows, h, gh, false),
                new Shape("fwd dec X.Wdec^T", TRANS_B, rows, h, V, false),
                new Shape("bwd dG.Whh (xT)", MULT, N, gh, h, true),
                new Shape("bwd dWhh+=dG^T.H", TRANS_A, gh, rows, h, true),
                new Shape("bwd dX=dG.Wih", MULT, rows, gh, h, false),
                new Shape("bwd dWdec+=dL^T.X", TRANS_A, V, rows, h, true),
                new Shape("bwd dec dX=dL.Wdec", MULT, rows, V, h, false),
                new Shape("sample h.Whh^T", TRANS_B, 1, h, gh, true),
                new Shape("sample dec", TRANS_B, 1, h, V, false));
    }

    private static Impl matMul(String name, MatMul mm) {
        return new Impl() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Runnable prepare(Shape s, float[] a, float[] b, float[] c) {
                switch (s.op) {
                    case MULT: return () -> mm.mult(s.m, s.k, s.n, a, 0, b, 0, c, 0, s.accumulate);
                    case TRANS_A: return () -> mm.multTransA(s.m, s.k, s.n, a, 0, b, 0, c, 0, s.accumulate);
                    default: return () -> mm.multTransB(s.m, s.k, s.n, a, 0, b, 0, c, 0, s.accumulate);
                }
            }
        };
    }

    /** EJML on matrices wrapping the same arrays (no copies): CommonOps_FDRM or CommonOps_MT_FDRM. */
    private static Impl ejml(String name, boolean mt) {
        return new Impl() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Runnable prepare(Shape s, float[] a, float[] b, float[] c) {
                FMatrixRMaj mc = FMatrixRMaj.wrap(s.m, s.n, c);
                switch (s.op) {
                    case MULT: {
                        FMatrixRMaj ma = FMatrixRMaj.wrap(s.m, s.k, a);
                        FMatrixRMaj mb = FMatrixRMaj.wrap(s.k, s.n, b);
                        if (mt) {
                            return s.accumulate ? () -> CommonOps_MT_FDRM.multAdd(ma, mb, mc) : () -> CommonOps_MT_FDRM.mult(ma, mb, mc);
                        }
                        return s.accumulate ? () -> CommonOps_FDRM.multAdd(ma, mb, mc) : () -> CommonOps_FDRM.mult(ma, mb, mc);
                    }
                    case TRANS_A: {
                        FMatrixRMaj ma = FMatrixRMaj.wrap(s.k, s.m, a);
                        FMatrixRMaj mb = FMatrixRMaj.wrap(s.k, s.n, b);
                        if (mt) {
                            return s.accumulate ? () -> CommonOps_MT_FDRM.multAddTransA(ma, mb, mc) : () -> CommonOps_MT_FDRM.multTransA(ma, mb, mc);
                        }
                        return s.accumulate ? () -> CommonOps_FDRM.multAddTransA(ma, mb, mc) : () -> CommonOps_FDRM.multTransA(ma, mb, mc);
                    }
                    default: {
                        FMatrixRMaj ma = FMatrixRMaj.wrap(s.m, s.k, a);
                        FMatrixRMaj mb = FMatrixRMaj.wrap(s.n, s.k, b);
                        if (mt) {
                            return s.accumulate ? () -> CommonOps_MT_FDRM.multAddTransB(ma, mb, mc) : () -> CommonOps_MT_FDRM.multTransB(ma, mb, mc);
                        }
                        return s.accumulate ? () -> CommonOps_FDRM.multAddTransB(ma, mb, mc) : () -> CommonOps_FDRM.multTransB(ma, mb, mc);
                    }
                }
            }
        };
    }

    /**
     * {median GFLOP/s, median µs per call} over {@code runs} runs of at least {@code ms} each,
     * after a warm-up of at least 2 s that goes on until three successive batches fail to beat
     * the best one by 3 % (at most 20 s). Vector API code runs 20-100x slower until C2 has
     * compiled it, at a steady pace, and C2 takes longer on a loaded machine: a warm-up that only
     * waited for two equal batches sometimes timed the C1 code.
     */
    private static double[] time(Runnable call, double flops, int runs, long ms) {
        long start = System.nanoTime();
        double best = Double.MAX_VALUE;
        int stale = 0;
        while (true) {
            long t0 = System.nanoTime();
            int calls = 0;
            do {
                call.run();
                calls++;
            } while (System.nanoTime() - t0 < ms * 1_000_000L / 2);
            double perCall = (System.nanoTime() - t0) / (double) calls;
            if (perCall < best * 0.97) {
                best = perCall;
                stale = 0;
            } else {
                stale++;
                best = Math.min(best, perCall);
            }
            long elapsed = System.nanoTime() - start;
            if (elapsed > 20_000_000_000L || stale >= 3 && elapsed > 2_000_000_000L) {
                break;
            }
        }
        double perCall = best;
        int reps = (int) Math.max(1, Math.min(1_000_000, ms * 1e6 / perCall));
        double[] us = new double[runs];
        for (int r = 0; r < runs; r++) {
            long s = System.nanoTime();
            for (int q = 0; q < reps; q++) {
                call.run();
            }
            us[r] = (System.nanoTime() - s) / 1e3 / reps;
        }
        Arrays.sort(us);
        double med = us[runs / 2];
        return new double[] {flops / (med * 1e3), med};
    }

    // -------------------------------------------------------------------------------------------

    /** ns per element of the gate nonlinearities on one (N, 4H) gate block, H=128. */
    private static void activations(String jdk, boolean vector, int runs, long ms) {
        int len = N * G * 128;
        float[] x = new float[len];
        Rng rng = new Rng(9);
        for (int i = 0; i < len; i++) {
            x[i] = rng.uniform(-5f, 5f);
        }
        float[] y = new float[len];
        Map<String, Runnable> cases = new LinkedHashMap<>();
        cases.put("Activations.sigmoid (array)", () -> Activations.sigmoid(x, 0, y, 0, len));
        cases.put("Activations.tanh (array)", () -> Activations.tanh(x, 0, y, 0, len));
        cases.put("Activations.relu (array)", () -> Activations.relu(x, 0, y, 0, len));
        cases.put("Activations.sigmoid(float) loop", () -> {
            for (int i = 0; i < len; i++) {
                y[i] = Activations.sigmoid(x[i]);
            }
        });
        cases.put("Activations.tanh(float) loop", () -> {
            for (int i = 0; i < len; i++) {
                y[i] = Activations.tanh(x[i]);
            }
        });
        cases.put("Elementwise.sigmoid (Math.exp)", () -> {
            for (int i = 0; i < len; i++) {
                y[i] = Elementwise.sigmoid(x[i]);
            }
        });
        cases.put("Elementwise.tanh (Math.tanh)", () -> {
            for (int i = 0; i < len; i++) {
                y[i] = Elementwise.tanh(x[i]);
            }
        });
        if (vector) {
            cases.put("lanewise EXP sigmoid (SVML)", () -> Svml.sigmoid(x, y, len));
            cases.put("lanewise TANH (SVML)", () -> Svml.tanh(x, y, len));
        }
        for (Map.Entry<String, Runnable> e : cases.entrySet()) {
            double[] r = time(e.getValue(), len, runs, ms); // "flops" = elements: r[1] is µs per array
            double ns = r[1] * 1e3 / len;
            System.out.printf("activation %-34s %8.3f ns/element%n", e.getKey(), ns);
            System.out.printf("RESULT\t%s\tact\t%s\t%s\t%d\t%.4f\t%.2f%n", jdk, "-", e.getKey(), len, ns, r[1]);
        }
    }

    /** The Vector API's own transcendental lanes (SVML stubs on x86), for comparison only. */
    private static final class Svml {
        private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

        static void sigmoid(float[] x, float[] y, int len) {
            int i = 0;
            FloatVector one = FloatVector.broadcast(F, 1f);
            for (; i <= len - F.length(); i += F.length()) {
                FloatVector v = FloatVector.fromArray(F, x, i);
                one.div(v.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(y, i);
            }
            for (; i < len; i++) {
                y[i] = Elementwise.sigmoid(x[i]);
            }
        }

        static void tanh(float[] x, float[] y, int len) {
            int i = 0;
            for (; i <= len - F.length(); i += F.length()) {
                FloatVector.fromArray(F, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
            }
            for (; i < len; i++) {
                y[i] = Elementwise.tanh(x[i]);
            }
        }
    }

    private static float[] random(int size, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = rng.uniform(-1f, 1f);
        }
        return x;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (key.equals("no-act")) {
                m.put(key, "");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return m;
    }
}
