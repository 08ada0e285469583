package dev.rnn.checkpoint;

import java.util.Arrays;
import java.util.Optional;

/** The element types rnn stores, named as in safetensors; all are little-endian on disk. */
public enum DType {
    F32(4),
    F64(8),
    I32(4),
    I64(8),
    U8(1);

    private final int itemSize;

    DType(int itemSize) {
        this.itemSize = itemSize;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The type whose safetensors name is {@code name} ("F32", ...), if rnn supports it. */
    public static Optional<DType> fromName(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }
}
