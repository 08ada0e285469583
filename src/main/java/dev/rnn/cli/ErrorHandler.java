package dev.rnn.cli;

import dev.rnn.api.ModelException;
import dev.rnn.checkpoint.CheckpointException;
import dev.rnn.data.CorpusException;
import dev.rnn.export.ExportException;
import dev.rnn.report.MetricsException;
import dev.rnn.train.DivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr ({@code rnn: error: ...}) and an exit code, with
 * the stack trace only under {@code --verbose}. Errors the user cannot be blamed for (bugs) also
 * get one line, plus a hint to rerun with --verbose.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println("rnn: error: " + oneLine(ex.getMessage()));
        cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        if (verbose(cmd)) {
            ex.printStackTrace(cmd.getErr());
        }
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        int code = ExitCodes.FAILURE;
        String message;
        Throwable e = ex;
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        if (e instanceof UserException u) {
            code = u.exitCode();
            message = u.getMessage();
        } else if (e instanceof CorpusException || e instanceof CheckpointException || e instanceof DivergedException
                || e instanceof MetricsException || e instanceof ExportException || e instanceof ModelException) {
            message = e.getMessage();
        } else if (e instanceof NoSuchFileException nf) {
            message = nf.getFile() + " does not exist";
        } else if (e instanceof AccessDeniedException ad) {
            message = "permission denied: " + ad.getFile() + "; choose a place you can write to (e.g. another --out)";
        } else if (e instanceof FileSystemException fs) {
            message = fs.getFile() + ": " + (fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason());
        } else if (e instanceof IOException io) {
            message = "I/O error: " + io.getMessage();
        } else if (e instanceof OutOfMemoryError) {
            message = "out of memory; give Java more with RNN_JAVA_OPTS=-Xmx8g, or use a smaller --hidden or --batch";
        } else {
            message = "internal error: " + e + " (rerun with --verbose for the stack trace, and please report it)";
        }
        cmd.getErr().println("rnn: error: " + oneLine(message));
        if (verbose(cmd)) {
            ex.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return code;
    }

    private static boolean verbose(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Object o = root.getCommand();
        return o instanceof Main m && m.verbose;
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        return s.replace("\r", " ").replace("\n", " ").strip();
    }
}
