package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path tmp;

    @Test
    void everyCommandIsListedInTheHelp() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code());
        for (String command : List.of("train", "sample", "eval", "info", "bench", "plot", "runs", "completion")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + command + " ")), command + " in:\n" + r.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code());
        assertTrue(r.errorLine().contains("missing a command") && r.errorLine().contains("runs"), r.err());
    }

    @Test
    void completionPrintsABashScriptThatZshCanRunToo() {
        Cli.Result r = Cli.run("completion");
        assertEquals(0, r.code(), r.err());
        String script = r.out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.lines().findFirst().orElse(""));
        assertTrue(script.contains("complete -F _complete_rnn") || script.contains("complete -o default -F _complete_rnn"),
                "registers the completion function for rnn");
        assertTrue(script.contains("bashcompinit"), "loads bash completion emulation in zsh");
        for (String word : List.of("train", "sample", "runs", "plot", "--hidden", "--max-time", "--csv")) {
            assertTrue(script.contains(word), "the script knows " + word);
        }
    }

    /** Sources the script in bash and asks it what it completes, as bash does at a TAB. */
    @Test
    void bashCompletesCommandsOptionsAndChoices() throws Exception {
        Path script = tmp.resolve("rnn.bash");
        Files.writeString(script, Cli.run("completion").out(), StandardCharsets.UTF_8);
        String driver = "source \"$1\"\n"
                + "c() { COMP_LINE=$1; COMP_POINT=${#1}; read -r -a COMP_WORDS <<<\"$1\"; [[ $1 == *' ' ]] && COMP_WORDS+=('');\n"
                + "  COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=();\n"
                + "  _complete_rnn rnn \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\" 2>/dev/null;\n"
                + "  echo \"${COMPREPLY[*]}\"; }\n"
                + "c 'rnn tr'; c 'rnn train --hid'; c 'rnn train --cell '; c 'rnn ru'; c 'rnn runs --cs'\n";
        Process p = new ProcessBuilder("bash", "-c", driver, "driver", script.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of("train", "--hidden", "LSTM GRU RNN", "runs", "--csv"), out.lines().toList());
    }
}
