package dev.rnn.checkpoint;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Renders untrusted strings and I/O failures so that a message stays one short, readable line. */
final class Messages {
    private static final int MAX_QUOTED_CHARS = 80;

    private Messages() {
    }

    /** {@code s} in single quotes with control characters escaped, cut to a readable length. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(s.length(), MAX_QUOTED_CHARS);
        if (shown < s.length() && Character.isHighSurrogate(s.charAt(shown - 1))) {
            shown--; // never split a surrogate pair
        }
        for (int i = 0; i < shown; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\'' -> out.append("\\'");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (shown < s.length()) {
            out.append("...' (").append(s.length()).append(" chars)");
            return out.toString();
        }
        return out.append('\'').toString();
    }

    /** What went wrong in {@code e}, in words, on one line (the JDK often gives only a path). */
    static String reason(Exception e) {
        String text;
        if (e instanceof NoSuchFileException n) {
            text = "no such file or directory: " + n.getFile();
        } else if (e instanceof AccessDeniedException a) {
            text = "permission denied: " + a.getFile();
        } else if (e instanceof FileAlreadyExistsException f) {
            text = "a file is in the way: " + f.getFile();
        } else if (e instanceof FileSystemException f) {
            text = (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName()) + ": " + f.getFile()
                    + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
        } else if (e.getMessage() != null) {
            text = e.getMessage();
        } else {
            text = e.getClass().getSimpleName();
        }
        return oneLine(text);
    }

    /** {@code text} with line breaks turned into spaces and cut to 300 chars. */
    static String oneLine(String text) {
        String flat = text.replaceAll("[\\r\\n]+", " ").strip();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
