package dev.rnn.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense C-order array: a dtype, a shape (empty for a scalar) and a Java array holding exactly
 * product(shape) elements. Immutable-ish: the tensor takes ownership of the array it is given and
 * hands it out without copying, so neither side may modify it afterwards.
 */
public final class Tensor {
    /** Most dimensions a tensor may have (readers refuse more). */
    public static final int MAX_DIMS = 8;
    /** An element count beyond any array's length. */
    private static final long SATURATED = Integer.MAX_VALUE + 1L;

    private final DType dtype;
    private final int[] shape;
    private final Object data; // float[] | double[] | int[] | long[] | byte[], matching dtype
    private final int size;

    private Tensor(DType dtype, int[] shape, Object data, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        this.size = length;
        long count = checkedCount(this.shape);
        if (count != length) {
            throw new IllegalArgumentException(dtype + " data has " + length + " elements but shape "
                    + Arrays.toString(shape) + " needs " + (count == SATURATED ? "more than an array holds" : count));
        }
    }

    public static Tensor f32(int[] shape, float[] data) {
        return new Tensor(DType.F32, shape, data, data.length);
    }

    public static Tensor f64(int[] shape, double[] data) {
        return new Tensor(DType.F64, shape, data, data.length);
    }

    public static Tensor i32(int[] shape, int[] data) {
        return new Tensor(DType.I32, shape, data, data.length);
    }

    public static Tensor i64(int[] shape, long[] data) {
        return new Tensor(DType.I64, shape, data, data.length);
    }

    public static Tensor u8(int[] shape, byte[] data) {
        return new Tensor(DType.U8, shape, data, data.length);
    }

    /** For the reader: {@code data} is a freshly decoded array of {@code dtype}'s Java type. */
    static Tensor of(DType dtype, int[] shape, Object data) {
        return switch (dtype) {
            case F32 -> f32(shape, (float[]) data);
            case F64 -> f64(shape, (double[]) data);
            case I32 -> i32(shape, (int[]) data);
            case I64 -> i64(shape, (long[]) data);
            case U8 -> u8(shape, (byte[]) data);
        };
    }

    /**
     * product(shape), checking the rank and that every dimension is non-negative; saturates just
     * above Integer.MAX_VALUE, as no array length can be compared with more.
     */
    private static long checkedCount(int[] shape) {
        if (shape.length > MAX_DIMS) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has "
                    + shape.length + " dimensions, at most " + MAX_DIMS + " are allowed");
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has a negative dimension");
            }
            count = Math.min(count * d, SATURATED); // count, d < 2^31: the product fits a long
        }
        return count;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape; {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: product(shape), 1 for a scalar. */
    public int size() {
        return size;
    }

    /** Bytes this tensor takes on disk. */
    public long byteSize() {
        return (long) size() * dtype.itemSize();
    }

    /** The F32 elements (shared, not copied). */
    public float[] f32Data() {
        return (float[]) dataAs(DType.F32);
    }

    /** The F64 elements (shared, not copied). */
    public double[] f64Data() {
        return (double[]) dataAs(DType.F64);
    }

    /** The I32 elements (shared, not copied). */
    public int[] i32Data() {
        return (int[]) dataAs(DType.I32);
    }

    /** The I64 elements (shared, not copied). */
    public long[] i64Data() {
        return (long[]) dataAs(DType.I64);
    }

    /** The U8 elements as Java bytes (shared, not copied; use {@code b & 0xFF} for 0..255). */
    public byte[] u8Data() {
        return (byte[]) dataAs(DType.U8);
    }

    /** The backing array, whatever its type, for the codec. */
    Object data() {
        return data;
    }

    private Object dataAs(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("tensor " + this + " is " + dtype + ", not " + wanted);
        }
        return data;
    }

    /** Equal when dtype, shape and every element's bits are equal (NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor t = (Tensor) o;
        return dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Objects.deepEquals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.deepHashCode(new Object[] {data}));
    }

    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
