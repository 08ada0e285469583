package dev.rnn.backend.kernels;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * {@link MatMul} through EJML's own {@code CommonOps_FDRM}: the plain, trusted path, kept as the
 * oracle that faster kernels are tested against. It copies each operand into a matrix of its own,
 * so it allocates on every call.
 */
public final class EjmlMatMul implements MatMul {

    @Override
    public void mult(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate) {
        FMatrixRMaj ma = copy(a, aOff, m, k);
        FMatrixRMaj mb = copy(b, bOff, k, n);
        FMatrixRMaj mc = accumulate ? copy(c, cOff, m, n) : new FMatrixRMaj(m, n);
        if (accumulate) {
            CommonOps_FDRM.multAdd(ma, mb, mc);
        } else {
            CommonOps_FDRM.mult(ma, mb, mc);
        }
        System.arraycopy(mc.data, 0, c, cOff, m * n);
    }

    @Override
    public void multTransA(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        FMatrixRMaj ma = copy(a, aOff, k, m);
        FMatrixRMaj mb = copy(b, bOff, k, n);
        FMatrixRMaj mc = accumulate ? copy(c, cOff, m, n) : new FMatrixRMaj(m, n);
        if (accumulate) {
            CommonOps_FDRM.multAddTransA(ma, mb, mc);
        } else {
            CommonOps_FDRM.multTransA(ma, mb, mc);
        }
        System.arraycopy(mc.data, 0, c, cOff, m * n);
    }

    @Override
    public void multTransB(int m, int k, int n, float[] a, int aOff, float[] b, int bOff,
                           float[] c, int cOff, boolean accumulate) {
        FMatrixRMaj ma = copy(a, aOff, m, k);
        FMatrixRMaj mb = copy(b, bOff, n, k);
        FMatrixRMaj mc = accumulate ? copy(c, cOff, m, n) : new FMatrixRMaj(m, n);
        if (accumulate) {
            CommonOps_FDRM.multAddTransB(ma, mb, mc);
        } else {
            CommonOps_FDRM.multTransB(ma, mb, mc);
        }
        System.arraycopy(mc.data, 0, c, cOff, m * n);
    }

    @Override
    public String name() {
        return "ejml";
    }

    private static FMatrixRMaj copy(float[] src, int off, int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        System.arraycopy(src, off, m.data, 0, rows * cols);
        return m;
    }
}
