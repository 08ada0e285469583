package dev.rnn.math;

import java.util.Arrays;
import org.ejml.data.FMatrixRMaj;

/**
 * A named model parameter: its value and the gradient of the loss with respect to it.
 *
 * <p>The name and {@link #shape()} are PyTorch's ({@code rnn.weight_ih_l0}, {@code [G*H, V]}), so
 * checkpoints and fixtures compare one to one. A 1-D parameter (a bias) is stored as a 1 x n
 * matrix.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    private final FMatrixRMaj value;
    private final FMatrixRMaj grad;
    private final Mat valueMat;
    private final Mat gradMat;

    /** A 2-D parameter of {@code rows x cols}. */
    public static Param matrix(String name, int rows, int cols) {
        return new Param(name, new int[] {rows, cols}, rows, cols);
    }

    /** A 1-D parameter of {@code size} elements. */
    public static Param vector(String name, int size) {
        return new Param(name, new int[] {size}, 1, size);
    }

    private Param(String name, int[] shape, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(name + ": shape " + rows + "x" + cols + " must be positive");
        }
        this.name = name;
        this.shape = shape;
        this.value = new FMatrixRMaj(rows, cols);
        this.grad = new FMatrixRMaj(rows, cols);
        this.valueMat = Mat.of(value);
        this.gradMat = Mat.of(grad);
    }

    public String name() {
        return name;
    }

    /** PyTorch's shape: {@code [rows, cols]} for a matrix, {@code [n]} for a vector. */
    public int[] shape() {
        return shape.clone();
    }

    public FMatrixRMaj value() {
        return value;
    }

    public FMatrixRMaj grad() {
        return grad;
    }

    /** The value as a view (rows, cols), for the backend's products. */
    public Mat mat() {
        return valueMat;
    }

    /** The gradient as a view (rows, cols). */
    public Mat gradMat() {
        return gradMat;
    }

    /** Number of elements. */
    public int size() {
        return value.getNumElements();
    }

    public void zeroGrad() {
        Arrays.fill(grad.data, 0, size(), 0f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
