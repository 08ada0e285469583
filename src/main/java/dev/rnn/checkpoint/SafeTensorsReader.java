package dev.rnn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads one safetensors file without trusting it: every length is checked against the file size
 * and a fixed bound before anything is allocated, the entries must tile the data section exactly,
 * and a {@code checksum} in the metadata must match the CRC32C of the data section.
 */
final class SafeTensorsReader {
    private static final String TRUNCATED_ADVICE = "the file was cut off (disk full or a copy interrupted):"
            + " use another checkpoint (e.g. best.safetensors) or an earlier copy";

    private final Path file;

    SafeTensorsReader(Path file) {
        this.file = file;
    }

    SafeTensorsFile read() throws CheckpointException {
        if (!Files.exists(file)) {
            throw new CheckpointException("checkpoint " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint " + file + " is "
                    + (Files.isDirectory(file) ? "a directory" : "not a regular file") + ", not a checkpoint file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + file + " does not exist", e);
        } catch (IOException e) {
            throw new CheckpointException("could not read checkpoint " + file + ": " + Messages.reason(e), e);
        }
    }

    private SafeTensorsFile read(FileChannel channel) throws IOException, CheckpointException {
        long fileSize = channel.size();
        if (fileSize < Format.LENGTH_BYTES) {
            throw new CheckpointException("checkpoint " + file + " is not a safetensors checkpoint: it is only "
                    + fileSize + " bytes long, less than the " + Format.LENGTH_BYTES
                    + "-byte header length every checkpoint starts with; check the path");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(Format.LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0, "the header length");
        long headerLength = lengthBytes.getLong(0); // an unsigned uint64: negative means >= 2^63
        long available = fileSize - Format.LENGTH_BYTES;
        if (headerLength < 0 || headerLength > Format.MAX_HEADER_BYTES) {
            throw new CheckpointException("checkpoint " + file + " is not a safetensors checkpoint (or its first"
                    + " bytes are corrupt): its first 8 bytes announce a header of "
                    + Long.toUnsignedString(headerLength) + " bytes, above the limit of " + Format.MAX_HEADER_BYTES
                    + "; check the path");
        }
        if (headerLength > available) {
            throw new CheckpointException("checkpoint " + file + " is truncated: the header claims "
                    + headerLength + " bytes but the file has only " + available
                    + " after the 8-byte length; " + TRUNCATED_ADVICE);
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        readFully(channel, headerBytes, Format.LENGTH_BYTES, "the header");
        Header header = new HeaderReader(file).parse(headerBytes.array());

        long dataStart = Format.LENGTH_BYTES + headerLength;
        long dataSize = fileSize - dataStart;
        List<TensorEntry> byOffset = checkLayout(header.entries(), dataSize);
        Map<String, String> metadata = new LinkedHashMap<>(header.metadata());
        String storedChecksum = metadata.remove(Format.CHECKSUM_KEY);
        if (storedChecksum != null && !Crc32cText.isWellFormed(storedChecksum)) {
            throw new CheckpointException("checkpoint " + file + " has a malformed checksum "
                    + Messages.quote(storedChecksum) + " (expected crc32c: and 8 lowercase hex digits); "
                    + Format.DAMAGED_ADVICE);
        }

        CRC32C crc = new CRC32C();
        Map<String, Tensor> tensors = readTensors(channel, byOffset, dataStart, crc);
        if (storedChecksum != null && !storedChecksum.equals(Crc32cText.format(crc.getValue()))) {
            throw new CheckpointException("checkpoint " + file + " failed its checksum (stored " + storedChecksum
                    + ", computed " + Crc32cText.format(crc.getValue()) + "): the file is corrupt;"
                    + " use an older checkpoint (e.g. best.safetensors) or retrain");
        }
        return new SafeTensorsFile(tensors, metadata, storedChecksum != null);
    }

    /**
     * Reads the entries' data, which tiles the data section from {@code dataStart} in this order,
     * into tensors keyed and ordered by name; adds every byte to {@code crc}.
     */
    private Map<String, Tensor> readTensors(FileChannel channel, List<TensorEntry> byOffset, long dataStart,
                                            CRC32C crc) throws IOException, CheckpointException {
        Map<String, Tensor> tensors = new TreeMap<>(Format.NAME_ORDER);
        ByteBuffer chunk = TensorCodec.newChunk();
        long position = dataStart;
        for (TensorEntry e : byOffset) {
            Object array = TensorCodec.newArray(e.dtype(), (int) e.count());
            int step = TensorCodec.elementsPerChunk(e.dtype());
            for (int from = 0; from < e.count(); from += step) {
                int count = (int) Math.min(step, e.count() - from);
                chunk.clear().limit(count * e.dtype().itemSize());
                readFully(channel, chunk, position, "tensor " + Messages.quote(e.name()));
                position += chunk.limit();
                chunk.flip();
                crc.update(chunk.duplicate());
                TensorCodec.decode(e.dtype(), chunk, array, from, count);
            }
            tensors.put(e.name(), Tensor.of(e.dtype(), e.shape(), array));
        }
        return tensors;
    }

    /**
     * Checks that every entry's byte range matches its shape and that the ranges tile the
     * {@code dataSize}-byte data section with no hole, overlap or trailing byte;
     * returns the entries in file order.
     */
    private List<TensorEntry> checkLayout(List<TensorEntry> entries, long dataSize) throws CheckpointException {
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long expected = 0;
        TensorEntry previous = null;
        for (TensorEntry e : byOffset) {
            if (e.begin() > expected) {
                throw corrupt("the tensor data has a hole at bytes [" + expected + ", " + e.begin() + ") before tensor "
                        + Messages.quote(e.name()));
            }
            if (e.begin() < expected) {
                throw corrupt("tensors " + Messages.quote(previous.name()) + " and " + Messages.quote(e.name())
                        + " overlap at byte " + e.begin() + " of the data section");
            }
            expected = e.end();
            previous = e;
        }
        if (expected > dataSize) {
            throw new CheckpointException("checkpoint " + file + " is truncated: the header promises " + expected
                    + " bytes of tensor data but only " + dataSize + " follow; " + TRUNCATED_ADVICE);
        }
        if (expected < dataSize) {
            throw corrupt("there are " + (dataSize - expected) + " unexpected bytes after the " + expected
                    + " bytes of tensor data the header describes");
        }
        for (TensorEntry e : byOffset) {
            checkLength(e, dataSize);
        }
        return byOffset;
    }

    /** The entry's byte range must hold exactly count * itemSize bytes, and that must fit a Java array. */
    private void checkLength(TensorEntry e, long dataSize) throws CheckpointException {
        String tensor = "tensor " + Messages.quote(e.name()) + " (" + e.dtype() + ", shape "
                + Arrays.toString(e.shape()) + " = " + e.count() + " elements)";
        int itemSize = e.dtype().itemSize();
        if (e.count() > dataSize / itemSize) {
            throw corrupt(tensor + " needs more bytes than the whole " + dataSize + "-byte data section holds");
        }
        if (e.count() * itemSize != e.byteLength()) {
            throw corrupt(tensor + " needs " + e.count() * itemSize + " bytes but its data_offsets ["
                    + e.begin() + ", " + e.end() + "] span " + e.byteLength());
        }
        if (e.count() > Format.MAX_ARRAY_LENGTH) {
            throw new CheckpointException("checkpoint " + file + " holds " + tensor + ", more than one Java array"
                    + " holds (" + Format.MAX_ARRAY_LENGTH + "); rnn cannot load tensors this large");
        }
    }

    /** Fills {@code buffer} from {@code position}; the file may have shrunk since we measured it. */
    private void readFully(FileChannel channel, ByteBuffer buffer, long position, String what)
            throws IOException, CheckpointException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new CheckpointException("checkpoint " + file + " ended at byte " + at + " while reading "
                        + what + "; it shrank while being read (is another program writing it?): try again"
                        + " or use another checkpoint");
            }
            at += n;
        }
    }

    private CheckpointException corrupt(String what) {
        return new CheckpointException("checkpoint " + file + " has a corrupt header: " + what + "; "
                + Format.DAMAGED_ADVICE);
    }
}
