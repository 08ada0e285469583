package dev.rnn.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Ids kept in a file (big-endian, 1, 2 or 4 bytes each) and read through read-only mapped
 * segments, so the heap does not grow with the corpus and a corpus may pass 2^31 ids. A segment
 * holds a whole number of ids, so no id straddles two; the pages are the file's, which the kernel
 * may drop and read again.
 */
final class MappedIdSequence extends IdSequence {

    /** Bytes per mapped segment: a ByteBuffer is indexed by int, and 2^30 is a multiple of every width. */
    static final long SEGMENT_BYTES = 1L << 30;

    private final ByteBuffer[] segments; // each idsPerSegment ids (the last fewer), read with absolute gets only
    private final int width;             // bytes per id
    private final long idsPerSegment;

    private MappedIdSequence(ByteBuffer[] segments, int width, long idsPerSegment, long offset, long length) {
        super(offset, length);
        this.segments = segments;
        this.width = width;
        this.idsPerSegment = idsPerSegment;
    }

    /**
     * Maps {@code length} ids of {@code width} bytes that start at byte {@code position} of
     * {@code channel}, which must hold them all; the mapping outlives the channel.
     *
     * @param segmentBytes a positive multiple of 4 at most 2^30 ({@link #SEGMENT_BYTES}; tests use less)
     */
    static MappedIdSequence map(FileChannel channel, long position, long length, int width, long segmentBytes)
            throws IOException {
        if (width != 1 && width != 2 && width != 4) {
            throw new IllegalArgumentException("id width " + width + " is not 1, 2 or 4 bytes");
        }
        if (segmentBytes < 4 || segmentBytes % 4 != 0 || segmentBytes > SEGMENT_BYTES) {
            throw new IllegalArgumentException("segment size " + segmentBytes + " is not a multiple of 4 in [4, 2^30]");
        }
        long bytes = Math.multiplyExact(length, (long) width);
        if (position < 0 || length < 0 || position + bytes > channel.size()) {
            throw new IOException(length + " ids of " + width + " bytes from byte " + position
                    + " do not fit a file of " + channel.size() + " bytes");
        }
        int count = (int) ((bytes + segmentBytes - 1) / segmentBytes);
        ByteBuffer[] segments = new ByteBuffer[count];
        for (int s = 0; s < count; s++) {
            long from = (long) s * segmentBytes;
            segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, position + from, Math.min(segmentBytes, bytes - from));
        }
        return new MappedIdSequence(segments, width, segmentBytes / width, 0, length);
    }

    /** The number of mapped segments (for tests). */
    int segmentCount() {
        return segments.length;
    }

    @Override
    public int get(long i) {
        long at = offset + Objects.checkIndex(i, length);
        ByteBuffer b = segments[(int) (at / idsPerSegment)];
        int k = (int) (at % idsPerSegment);
        return switch (width) {
            case 1 -> b.get(k) & 0xFF;
            case 2 -> b.getChar(2 * k);
            default -> b.getInt(4 * k);
        };
    }

    @Override
    IdSequence view(long absoluteOffset, long length) {
        return new MappedIdSequence(segments, width, idsPerSegment, absoluteOffset, length);
    }

    @Override
    void copy(long absoluteFrom, int[] dst, int dstOff, int len) {
        // one tight loop per segment crossed, so the width is decided once per run, not per id
        while (len > 0) {
            ByteBuffer b = segments[(int) (absoluteFrom / idsPerSegment)];
            int k = (int) (absoluteFrom % idsPerSegment);
            int n = (int) Math.min(len, idsPerSegment - k);
            if (width == 1) {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = b.get(k + i) & 0xFF;
                }
            } else if (width == 2) {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = b.getChar(2 * (k + i));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    dst[dstOff + i] = b.getInt(4 * (k + i));
                }
            }
            absoluteFrom += n;
            dstOff += n;
            len -= n;
        }
    }

    /**
     * Writes ids into a file from byte {@code position} on, through a buffer, and maps them when
     * done; it closes the channel after building only when it owns it.
     */
    static final class FileWriter implements IdSequence.Writer {
        private static final int BUFFER_BYTES = 1 << 20;

        private final FileChannel channel;
        private final long position;
        private final int vocabSize;
        private final int width;
        private final long capacity;
        private final long segmentBytes;
        private final boolean ownsChannel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES); // big-endian
        private long length;
        private long written; // bytes written to the channel
        private boolean built;
        private IOException failure;

        /** @param capacity the exact number of ids that will be appended */
        FileWriter(FileChannel channel, long position, int vocabSize, long capacity, long segmentBytes,
                   boolean ownsChannel) {
            this.ownsChannel = ownsChannel;
            this.channel = channel;
            this.position = position;
            this.vocabSize = vocabSize;
            this.width = IdSequence.width(vocabSize);
            this.capacity = capacity;
            this.segmentBytes = segmentBytes;
        }

        @Override
        public void append(int id) throws CorpusException {
            if (built) {
                throw new IllegalStateException("append after build(): the writer is single use");
            }
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException(
                        "id " + id + " at index " + length + " is out of range [0, " + vocabSize + ")");
            }
            if (length == capacity) {
                throw new IllegalStateException("the writer holds exactly " + capacity + " ids");
            }
            if (buffer.remaining() < width) {
                try {
                    flush();
                } catch (IOException e) {
                    throw failed(e);
                }
            }
            if (width == 1) {
                buffer.put((byte) id);
            } else if (width == 2) {
                buffer.putChar((char) id);
            } else {
                buffer.putInt(id);
            }
            length++;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public IdSequence build() throws CorpusException {
            if (built) {
                throw new IllegalStateException("build() called twice: the writer is single use");
            }
            built = true;
            try {
                flush();
                if (length != capacity) {
                    throw new IllegalStateException(length + " ids were appended, " + capacity + " announced");
                }
                IdSequence ids = map(channel, position, length, width, segmentBytes);
                if (ownsChannel) {
                    channel.close(); // the mapping outlives it
                }
                return ids;
            } catch (IOException e) {
                if (ownsChannel) {
                    try {
                        channel.close();
                    } catch (IOException again) {
                        e.addSuppressed(again);
                    }
                }
                throw failed(e);
            }
        }

        /** The error that stopped the writing, or null: a failing disk, not a bad corpus. */
        IOException failure() {
            return failure;
        }

        private CorpusException failed(IOException e) {
            failure = e;
            return new CorpusException("cannot write the corpus's ids to disk (" + e.getMessage() + ")", e);
        }

        private void flush() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                written += channel.write(buffer, position + written);
            }
            buffer.clear();
        }
    }
}
