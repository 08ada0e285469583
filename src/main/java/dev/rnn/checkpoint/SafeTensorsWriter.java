package dev.rnn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * Writes tensors and string metadata as one safetensors file, crash-safely (see {@link AtomicFile}):
 * tensors sorted by name, data streamed chunk by chunk, and a {@code checksum} metadata entry
 * holding the CRC32C of the whole data section.
 */
final class SafeTensorsWriter {
    /** Called after each chunk of tensor data is written; tests use it to inject failures. */
    interface ChunkHook {
        ChunkHook NONE = bytesWritten -> { };

        void afterChunk(long dataBytesWritten) throws IOException;
    }

    private final ChunkHook hook;
    private final HeaderWriter headerWriter = new HeaderWriter();

    SafeTensorsWriter(ChunkHook hook) {
        this.hook = hook;
    }

    void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws CheckpointException {
        Objects.requireNonNull(file, "file");
        List<Map.Entry<String, Tensor>> sorted = checkTensors(tensors);
        Map<String, String> meta = checkMetadata(metadata);

        List<TensorEntry> entries = new ArrayList<>(sorted.size());
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted) {
            Tensor t = e.getValue();
            entries.add(new TensorEntry(e.getKey(), t.dtype(), t.shape(), t.size(), offset, offset + t.byteSize()));
            offset += t.byteSize();
        }
        // the checksum precedes the data it covers: write a placeholder of the same length,
        // stream the data once while summing it, then patch the header in place
        meta.put(Format.CHECKSUM_KEY, Crc32cText.PLACEHOLDER);
        byte[] header = headerWriter.render(entries, meta);
        if (header.length > Format.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header of " + file + " would be " + header.length
                    + " bytes, more than the " + Format.MAX_HEADER_BYTES + " readers accept: store less metadata");
        }
        AtomicFile.write(file, channel -> {
            ByteBuffer length = ByteBuffer.allocate(Format.LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            length.putLong(0, header.length);
            writeFully(channel, length);
            writeFully(channel, ByteBuffer.wrap(header));
            long crc = writeData(channel, sorted);
            meta.put(Format.CHECKSUM_KEY, Crc32cText.format(crc));
            byte[] patched = headerWriter.render(entries, meta);
            if (patched.length != header.length) {
                throw new IllegalStateException("header changed length from " + header.length + " to "
                        + patched.length + " when the checksum was filled in");
            }
            ByteBuffer buffer = ByteBuffer.wrap(patched);
            long position = Format.LENGTH_BYTES;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
        });
    }

    /** Streams every tensor's bytes in order; returns the CRC32C of all of them. */
    private long writeData(FileChannel channel, List<Map.Entry<String, Tensor>> sorted) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = TensorCodec.newChunk();
        long written = 0;
        for (Map.Entry<String, Tensor> e : sorted) {
            Tensor t = e.getValue();
            int step = TensorCodec.elementsPerChunk(t.dtype());
            for (int from = 0; from < t.size(); from += step) {
                int count = Math.min(step, t.size() - from);
                TensorCodec.encode(t.dtype(), t.data(), from, count, chunk);
                crc.update(chunk.duplicate());
                written += writeFully(channel, chunk);
                hook.afterChunk(written);
            }
        }
        return crc.getValue();
    }

    private static int writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        int n = buffer.remaining();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        return n;
    }

    /** The tensors sorted by name (code point order, as Python sorts), after checking names. */
    private static List<Map.Entry<String, Tensor>> checkTensors(Map<String, Tensor> tensors) {
        Objects.requireNonNull(tensors, "tensors");
        if (tensors.size() > Format.MAX_TENSORS) {
            throw new IllegalArgumentException(tensors.size() + " tensors, at most " + Format.MAX_TENSORS
                    + " fit one checkpoint");
        }
        List<Map.Entry<String, Tensor>> sorted = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            Objects.requireNonNull(e.getValue(), () -> "tensor " + Messages.quote(name));
            if (name.equals(Format.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be called " + Format.METADATA_KEY
                        + ": the name is reserved for metadata");
            }
            checkString("tensor name", name);
            sorted.add(Map.entry(name, e.getValue()));
        }
        sorted.sort(Map.Entry.comparingByKey(Format.NAME_ORDER));
        return sorted;
    }

    /** A mutable copy of {@code metadata}, in its order, after checking keys and values. */
    private static Map<String, String> checkMetadata(Map<String, String> metadata) {
        Objects.requireNonNull(metadata, "metadata");
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "metadata key");
            String value = Objects.requireNonNull(e.getValue(), () -> "metadata value of " + Messages.quote(key));
            if (key.equals(Format.CHECKSUM_KEY)) {
                throw new IllegalArgumentException("metadata key " + Messages.quote(key)
                        + " is reserved: the writer computes the checksum itself");
            }
            checkString("metadata key", key);
            checkString("metadata value of " + Messages.quote(key), value);
            copy.put(key, value);
        }
        return copy;
    }

    /** Refuses what cannot be stored as UTF-8 or what readers would refuse. */
    private static void checkString(String what, String s) {
        if (s.length() > Format.MAX_STRING_CHARS) {
            throw new IllegalArgumentException(what + " is " + s.length() + " chars long, at most "
                    + Format.MAX_STRING_CHARS + " are allowed");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(what + " " + Messages.quote(s)
                        + " has an unpaired surrogate at index " + i + ", which UTF-8 cannot store");
            }
        }
    }
}
