package dev.rnn.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small UTF-8 text files read whole (seeds, texts to score), with a size bound checked first. */
final class TextFiles {
    private TextFiles() {
    }

    /** The file's text; refused when larger than {@code maxBytes} or not valid UTF-8. */
    static String read(Path file, long maxBytes, String what) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new UserException(what + " " + file + " has " + size + " bytes; at most " + maxBytes
                    + " are read: use a shorter file", ExitCodes.FAILURE, null);
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserException(what + " " + file + " is not valid UTF-8; convert it first (e.g. with iconv)",
                    ExitCodes.FAILURE, e);
        }
    }
}
