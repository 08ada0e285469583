package dev.rnn.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code rnn} root command: dispatches to the subcommands and owns error handling. */
@Command(name = "rnn", mixinStandardHelpOptions = true, version = "rnn " + Main.VERSION,
        description = "Character-level recurrent language models (LSTM, GRU, RNN): train on any UTF-8 text, then sample.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class, ScoreCommand.class, ServeCommand.class, InfoCommand.class, ExportCommand.class, BenchCommand.class, PlotCommand.class,
                RunsCommand.class, CheckOptionsCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    static final String VERSION = "0.1.0";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "true", description = "Print stack traces with errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing a command: train, sample, eval, score, serve, info, export, bench, plot, runs or completion (see rnn --help)");
    }

    /**
     * A configured command line: UTF-8 output, one-line errors, case-insensitive enums, and
     * {@code rnn completion}, picocli's generator of a bash/zsh completion script for all of it.
     */
    public static CommandLine commandLine() {
        ErrorHandler handler = new ErrorHandler();
        CommandLine cmd = new CommandLine(new Main());
        cmd.addSubcommand("completion", new AutoComplete.GenerateCompletion());
        CommandLine completion = cmd.getSubcommands().get("completion");
        completion.getCommandSpec().usageMessage().hidden(false) // picocli hides it by default
                .description("Print a bash completion script for rnn (zsh runs it too):",
                        "  source <(rnn completion)   in ~/.bashrc or ~/.zshrc (see the README)");
        cmd.getSubcommands().get("check-options").setStopAtPositional(true); // ARGS hold the checked command's options
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionExceptionHandler(handler);
        cmd.setParameterExceptionHandler(handler);
        cmd.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cmd.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return cmd;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }
}
