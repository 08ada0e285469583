package dev.rnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rnn check-options COMMAND ARGS...}: parses ARGS as {@code rnn COMMAND ARGS} would and
 * runs nothing, so a script can check a command line before it starts long runs (sweep.sh checks
 * its grid with it) without reading {@code --help}. Values are only converted to their types;
 * what COMMAND checks when it runs (ranges, files) is not checked here.
 */
@Command(name = "check-options", hidden = true,
        description = {"Parse ARGS as `rnn COMMAND ARGS` would and run nothing: exit 0 if they parse, else the"
                + " command's one-line usage error and exit 2."})
final class CheckOptionsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "An rnn command, e.g. train.")
    String command;
    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its arguments, as they would be given to it.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        CommandLine target = spec.root().commandLine().getSubcommands().get(command);
        if (target == null || target.getCommandSpec() == spec) {
            throw UserException.usage("check-options: there is no command '" + command + "' (see rnn --help)");
        }
        try {
            target.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw UserException.usage(e.getMessage());
        }
        return ExitCodes.OK;
    }
}
