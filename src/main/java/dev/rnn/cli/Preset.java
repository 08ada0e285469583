package dev.rnn.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code rnn train --preset NAME}: a new run's options chosen by measurement for a time budget
 * (README, "Quality at a budget"). A preset is a command line of its own, parsed by picocli like
 * the user's, and each of its options is taken only where the user's command line did not give
 * that option.
 */
enum Preset {
    /** Quality sitting 1 (scripts/quality/sitting1.plan): the best of its ten-minute runs on the choice set. */
    TEN_MINUTES("10m", "--layer-norm", "true", "--dropout", "0.25", "--max-time", "10m"),
    /**
     * Quality sitting 2 (scripts/quality/sitting2.plan): the best of its hour-long runs on the choice
     * set; at 2x256 layer norm overfits tinyshakespeare within the hour, a wider model with half its
     * units dropped and DropConnect on W_hh does not.
     */
    ONE_HOUR("1h", "--layer-norm", "true", "--hidden", "384", "--dropout", "0.5", "--weight-drop", "0.3",
            "--max-time", "1h");

    private final String id;
    private final List<String> args;

    Preset(String id, String... args) {
        this.id = id;
        this.args = List.of(args);
    }

    /** The name the command line takes. */
    String id() {
        return id;
    }

    /** The preset's options, as a command line. */
    List<String> args() {
        return args;
    }

    /**
     * Sets each of this preset's options on {@code command} that its own command line did not give;
     * returns those set, option name to the value as the preset writes it, in the preset's order.
     */
    Map<String, String> applyTo(CommandSpec command) {
        ParseResult given = command.commandLine().getParseResult();
        List<String> line = new ArrayList<>(List.of("train"));
        line.addAll(args);
        ParseResult preset = Main.commandLine().parseArgs(line.toArray(String[]::new)).subcommand(); // Main's converters
        Map<String, String> taken = new LinkedHashMap<>();
        for (OptionSpec o : preset.matchedOptions()) {
            OptionSpec mine = command.findOption(o.longestName());
            if (!given.hasMatchedOption(mine)) {
                mine.setValue(o.getValue());
                taken.put(o.longestName(), o.originalStringValues().get(0));
            }
        }
        return taken;
    }

    /** Options {@link #applyTo} set, as a command line: "--hidden 384 --dropout 0.5". */
    static String commandLine(Map<String, String> taken) {
        return String.join(" ", taken.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }

    /** Reads the name the command line takes (picocli's converter for --preset). */
    static Preset of(String id) {
        for (Preset p : values()) {
            if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new CommandLine.TypeConversionException("'" + id + "' is not a preset; the presets are " + names());
    }

    /** picocli's converter for --preset. */
    static final class Converter implements CommandLine.ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            return of(value);
        }
    }

    /** The names, for --preset's help and shell completion. */
    static final class Names extends ArrayList<String> {
        Names() {
            super(Arrays.stream(values()).map(Preset::id).toList());
        }
    }

    static String names() {
        return String.join(", ", Arrays.stream(values()).map(p -> p.id + " (" + String.join(" ", p.args) + ")").toList());
    }
}
