package dev.rnn.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a file as strict UTF-8 through fixed-size buffers, handing each code point to a sink
 * and skipping a leading byte order mark. Invalid input stops the scan with the exact byte offset
 * of the first bad byte, wherever the buffer boundaries fall.
 */
final class Utf8Scanner {

    /** Receives the code points of the file in order. */
    interface Sink {
        void accept(int codePoint) throws CorpusException;
    }

    /** The longest UTF-8 sequence (4 bytes) must fit, or a split sequence could never complete. */
    static final int MIN_BUFFER_SIZE = 4;

    private static final int BOM = 0xFEFF;

    private final int bufferSize;

    Utf8Scanner(int bufferSize) {
        if (bufferSize < MIN_BUFFER_SIZE) {
            throw new IllegalArgumentException(
                    "buffer size " + bufferSize + " is below the minimum " + MIN_BUFFER_SIZE);
        }
        this.bufferSize = bufferSize;
    }

    /** Decodes {@code file} and passes every code point (a leading BOM excepted) to {@code sink}. */
    void scan(Path file, Sink sink) throws CorpusException {
        scan(file, sink, null);
    }

    /** {@link #scan(Path, Sink)}, also adding every byte of the file to {@code checksum} when it is not null. */
    void scan(Path file, Sink sink, java.util.zip.Checksum checksum) throws CorpusException {
        scan(file, sink, checksum, bytes -> { });
    }

    /** {@link #scan(Path, Sink, java.util.zip.Checksum)}, telling {@code bytesRead} how many bytes each read brought. */
    void scan(Path file, Sink sink, java.util.zip.Checksum checksum, java.util.function.LongConsumer bytesRead)
            throws CorpusException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(bufferSize);
        CharBuffer out = CharBuffer.allocate(bufferSize);
        Assembler chars = new Assembler(sink);
        long inBase = 0; // file offset of in[0]
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            while (true) {
                // after compact() at most 3 bytes of a split sequence remain, so there is room
                int before = in.position();
                boolean eof = channel.read(in) < 0;
                if (checksum != null) {
                    checksum.update(in.array(), before, in.position() - before);
                }
                bytesRead.accept(in.position() - before);
                in.flip();
                CoderResult result;
                do {
                    result = decoder.decode(in, out, eof);
                    chars.drain(out);
                    if (result.isError()) {
                        throw invalid(file, in, inBase, result.length(), chars.newlines + 1);
                    }
                } while (result.isOverflow());
                if (eof) {
                    break;
                }
                inBase += in.position();
                in.compact();
            }
            while (decoder.flush(out).isOverflow()) {
                chars.drain(out);
            }
            chars.drain(out);
        } catch (IOException e) {
            throw new CorpusException("could not read corpus " + file + ": " + e, e);
        }
    }

    /** The decoder stopped at in.position(), the first of {@code length} bad bytes. */
    private static CorpusException invalid(Path file, ByteBuffer in, long inBase, int length,
            long line) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++) {
            hex.append(i == 0 ? "" : " ")
                    .append(String.format("0x%02X", in.get(in.position() + i) & 0xFF));
        }
        return new CorpusException("corpus " + file + " is not valid UTF-8: "
                + (length == 1 ? "byte " : "bytes ") + hex + " at byte offset "
                + (inBase + in.position()) + " (line " + line + ") cannot be decoded;"
                + " convert the file to UTF-8 first, e.g. iconv -f ISO-8859-1 -t UTF-8 " + file
                + " > converted.txt (with the file's actual encoding after -f)", null, true);
    }

    /** Joins surrogate pairs from the decoder's char output into code points for the sink. */
    private static final class Assembler {
        private final Sink sink;
        private boolean atStart = true;
        private char pendingHigh; // a high surrogate whose low half is in the next drain, or 0
        long newlines;

        Assembler(Sink sink) {
            this.sink = sink;
        }

        /** Consumes everything in {@code out} (write mode) and leaves it empty. */
        void drain(CharBuffer out) throws CorpusException {
            out.flip();
            while (out.hasRemaining()) {
                char c = out.get();
                int cp;
                if (pendingHigh != 0) {
                    cp = Character.toCodePoint(pendingHigh, c);
                    pendingHigh = 0;
                } else if (Character.isHighSurrogate(c)) {
                    if (!out.hasRemaining()) {
                        pendingHigh = c;
                        break;
                    }
                    cp = Character.toCodePoint(c, out.get());
                } else {
                    cp = c;
                }
                accept(cp);
            }
            out.clear();
        }

        private void accept(int cp) throws CorpusException {
            if (atStart) {
                atStart = false;
                if (cp == BOM) {
                    return;
                }
            }
            if (cp == '\n') {
                newlines++;
            }
            sink.accept(cp);
        }
    }
}
