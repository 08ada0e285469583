package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every switch of every rnn command takes {@code --name}, {@code --name=true} and
 * {@code --name=false}, so that scripts (scripts/sweep.sh) can pass {@code --key=value} for any
 * option without reading the help.
 */
class SwitchesTest {
    /** Switches that are not settings, each with why it is left out. */
    private static final Map<String, String> LEFT_OUT = Map.of(
            "--help", "picocli's usage help: prints and exits",
            "--version", "picocli's version help: prints and exits");

    @Test
    void everySwitchTakesTrueOrFalse() {
        List<String> checked = new ArrayList<>();
        walk(Main.commandLine(), checked);
        assertTrue(checked.containsAll(List.of("train --identity-init", "train --quiet", "bench --json", "eval --json",
                "plot --val-only", "rnn --verbose", "runs --csv")), checked.toString());
    }

    private static void walk(CommandLine cmd, List<String> checked) {
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            boolean isSwitch = o.type() == boolean.class || o.type() == Boolean.class;
            if (!isSwitch || LEFT_OUT.containsKey(o.longestName())) {
                continue;
            }
            String name = cmd.getCommandName() + " " + o.longestName();
            assertEquals(0, o.arity().min(), name + " must be allowed without a value");
            assertEquals(1, o.arity().max(), name + " must take =true or =false");
            assertEquals("true", o.fallbackValue(), name + " alone must mean true");
            checked.add(name);
        }
        for (CommandLine sub : cmd.getSubcommands().values()) {
            walk(sub, checked);
        }
    }

    @Test
    void aSwitchBeforeThePositionalDoesNotSwallowIt() throws Exception {
        CommandLine.ParseResult r = Main.commandLine().parseArgs("plot", "--val-only", "runs/a");
        CommandLine.ParseResult plot = r.subcommand();
        assertEquals(Boolean.TRUE, plot.matchedOptionValue("--val-only", false));
        assertEquals(List.of("runs/a"), plot.matchedPositionals().get(0).stringValues());
        CommandLine.ParseResult off = Main.commandLine().parseArgs("plot", "--val-only=false", "runs/a").subcommand();
        assertEquals(Boolean.FALSE, off.matchedOptionValue("--val-only", true));
    }
}
