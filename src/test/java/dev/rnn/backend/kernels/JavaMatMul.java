package dev.rnn.backend.kernels;

/**
 * {@link MatMul} in plain single-threaded Java loops: no copies, no allocation. The portable
 * fallback when no faster kernel is available.
 */
public final class JavaMatMul implements MatMul {

    @Override
    public void mult(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * n;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float aip = a[aOff + i * k + p];
                if (aip == 0f) {
                    continue;
                }
                int bp = bOff + p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    @Override
    public void multTransA(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int p = 0; p < k; p++) {
            int bp = bOff + p * n;
            for (int i = 0; i < m; i++) {
                float api = a[aOff + p * m + i];
                if (api == 0f) {
                    continue;
                }
                int ci = cOff + i * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += api * b[bp + j];
                }
            }
        }
    }

    @Override
    public void multTransB(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * k;
            for (int j = 0; j < n; j++) {
                int bj = bOff + j * k;
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[ai + p] * b[bj + p];
                }
                int idx = cOff + i * n + j;
                c[idx] = accumulate ? c[idx] + s : s;
            }
        }
    }

    @Override
    public String name() {
        return "java";
    }
}
