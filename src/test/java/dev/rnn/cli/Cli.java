package dev.rnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code rnn} in this JVM (capturing stdout and stderr) or as a child process. */
final class Cli {
    record Result(int code, String out, String err) {
        /** The error as the user sees it: stderr lines from the command, not logs. */
        String errorLine() {
            return err.lines().filter(l -> l.startsWith("rnn: error: ")).findFirst().orElse("");
        }
    }

    private Cli() {
    }

    static Result run(String... args) {
        var cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Starts {@code rnn ARGS} in a new JVM with this test's class path; stderr goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.add("--add-modules"); // the same kernels as this JVM, so results compare bit for bit
            command.add("jdk.incubator.vector");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A small training text: a few thousand characters of verse, repeated. */
    static Path corpus(Path dir) throws IOException {
        String verse = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n"
                + "Rough winds do shake the darling buds of May,\nAnd summer's lease hath all too short a date;\n";
        Path file = dir.resolve("verse.txt");
        Files.writeString(file, verse.repeat(60));
        return file;
    }

    /** Waits until {@code file} has at least {@code lines} lines, or fails after a timeout. */
    static void awaitLines(Path file, int lines, Process p) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the training process ended early with exit code " + p.exitValue());
            }
            Thread.sleep(5);
        }
        throw new AssertionError(file + " did not reach " + lines + " lines in time");
    }
}
