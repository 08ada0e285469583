package dev.rnn.checkpoint;

import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes safetensors files (https://github.com/huggingface/safetensors), the format
 * PyTorch users exchange weights in: an 8-byte little-endian header length, a JSON header, then
 * raw little-endian C-order tensor data.
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    /**
     * Replaces {@code file} crash-safely with {@code tensors} (written sorted by name) and
     * {@code metadata} plus a {@code checksum} entry (CRC32C of the data section). The metadata may
     * not contain {@code checksum} itself and no tensor may be called {@code __metadata__}.
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws CheckpointException {
        new SafeTensorsWriter(SafeTensorsWriter.ChunkHook.NONE).write(file, tensors, metadata);
    }

    /** Reads and checks {@code file}; a checksum, when present, must match. */
    public static SafeTensorsFile read(Path file) throws CheckpointException {
        return new SafeTensorsReader(file).read();
    }
}
