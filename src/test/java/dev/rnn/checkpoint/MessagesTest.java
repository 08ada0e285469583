package dev.rnn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Untrusted strings and I/O failures rendered as one short, readable line. */
class MessagesTest {

    @Test
    void quoteEscapesWhatWouldBreakOrHideInALine() {
        assertEquals("'plain é 😀'", Messages.quote("plain é 😀"));
        assertEquals("'a\\nb\\rc\\td'", Messages.quote("a\nb\rc\td"));
        assertEquals("'it\\'s a \\\\ path'", Messages.quote("it's a \\ path"));
        assertEquals("'\\u0000\\u001b[31m\\u007f\\u2028\\u2029'", Messages.quote("\0\u001b[31m\u007f\u2028\u2029"));
    }

    @Test
    void quoteCutsLongStringsAndSaysHowLong() {
        String q = Messages.quote("x".repeat(200));
        assertEquals("'" + "x".repeat(80) + "...' (200 chars)", q);
        assertEquals("'" + "x".repeat(80) + "'", Messages.quote("x".repeat(80)), "exactly the limit is not cut");
    }

    @Test
    void quoteNeverSplitsASurrogatePair() {
        String s = "x".repeat(79) + "😀" + "tail";
        String q = Messages.quote(s);
        assertEquals("'" + "x".repeat(79) + "...' (" + s.length() + " chars)", q);
    }

    @Test
    void reasonSaysWhatTheJdkLeavesOut() {
        assertEquals("no such file or directory: /a/b", Messages.reason(new NoSuchFileException("/a/b")));
        assertEquals("permission denied: /ro", Messages.reason(new AccessDeniedException("/ro")));
        assertEquals("a file is in the way: /x", Messages.reason(new FileAlreadyExistsException("/x")));
        assertEquals("No space left on device: /d/f.tmp -> /d/f",
                Messages.reason(new FileSystemException("/d/f.tmp", "/d/f", "No space left on device")));
        assertEquals("FileSystemException: /d", Messages.reason(new FileSystemException("/d")));
        assertEquals("disk on fire", Messages.reason(new IOException("disk\non fire")));
        assertEquals("IOException", Messages.reason(new IOException()));
    }

    @Test
    void oneLineFlattensAndCuts() {
        assertEquals("a b c", Messages.oneLine("  a\r\nb\n\nc \n"));
        String cut = Messages.oneLine("y".repeat(400));
        assertEquals(303, cut.length());
        assertTrue(cut.endsWith("y...") && !cut.contains("\n"), cut);
    }
}
