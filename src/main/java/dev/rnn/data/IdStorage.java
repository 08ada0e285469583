package dev.rnn.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where a reader puts the ids it encodes, given V and the exact number of ids: heap arrays or a mapped file. */
@FunctionalInterface
public interface IdStorage {

    /** A writer for exactly {@code length} ids in [0, {@code vocabSize}). */
    IdSequence.Writer open(int vocabSize, long length) throws CorpusException;

    /** Heap arrays while the ids take at most an eighth of the heap, else a temporary file, mapped. */
    static IdStorage standard() {
        // an eighth: the model, its gradients, the optimizer's moments and the workspaces need the rest of the heap
        return heapUpTo(Runtime.getRuntime().maxMemory() / 8, MappedIdSequence.SEGMENT_BYTES);
    }

    /** Heap arrays for ids of at most {@code maxBytes}, else a temporary file mapped in segments of {@code segmentBytes}. */
    static IdStorage heapUpTo(long maxBytes, long segmentBytes) {
        return (vocabSize, length) -> {
            if (length <= IdSequence.MAX_ARRAY_LENGTH && length * IdSequence.width(vocabSize) <= maxBytes) {
                return new IdSequence.Builder(vocabSize, (int) length);
            }
            return temporaryFile(vocabSize, length, segmentBytes);
        };
    }

    /**
     * A writer into a new file in {@code java.io.tmpdir}, removed from the directory at once (on
     * Linux the open file and its mapping live on), so that nothing is left behind, even by a kill.
     */
    static IdSequence.Writer temporaryFile(int vocabSize, long length, long segmentBytes) throws CorpusException {
        Path file;
        FileChannel channel;
        try {
            file = Files.createTempFile("rnn-ids-", ".bin");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CorpusException("cannot create a temporary file for the corpus's ids in "
                    + System.getProperty("java.io.tmpdir") + " (" + e.getMessage() + "); free some space there,"
                    + " or let the corpus cache hold them (drop --no-cache)", e);
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit(); // a system that will not delete an open file
        }
        return new MappedIdSequence.FileWriter(channel, 0, vocabSize, length, segmentBytes, true);
    }
}
