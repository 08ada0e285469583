package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckOptionsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void optionsThatParseExitZeroAndRunNothing() {
        Path out = tmp.resolve("never");
        Cli.Result r = Cli.run("check-options", "train", "corpus.txt", "--hidden=16", "--lr=0.002", "--identity-init=false",
                "--max-time", "60s", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(!Files.exists(out), "nothing ran");
    }

    @Test
    void valuesAreNotRangeCheckedOnlyConverted() {
        assertEquals(0, Cli.run("check-options", "train", "corpus.txt", "--hidden=0").code(), "hidden=0 fails when the run starts");
        Cli.Result r = Cli.run("check-options", "train", "corpus.txt", "--hidden=abc");
        assertEquals(2, r.code());
        assertEquals("rnn: error: Invalid value for option '--hidden': 'abc' is not an int", r.errorLine());
    }

    @Test
    void anUnknownOptionIsAOneLineUsageError() {
        Cli.Result r = Cli.run("check-options", "train", "corpus.txt", "--hiden=16");
        assertEquals(2, r.code());
        assertEquals("rnn: error: Unknown option: '--hiden=16'", r.errorLine());
        assertEquals(1, r.err().lines().filter(l -> !l.isBlank()).count(), r.err());
        Cli.Result after = Cli.run("check-options", "train", "corpus.txt", "--max-stepz", "3");
        assertEquals(2, after.code());
        assertTrue(after.errorLine().contains("'--max-stepz'"), after.err());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        Cli.Result r = Cli.run("check-options", "trian", "--hidden=16");
        assertEquals(2, r.code());
        assertEquals("rnn: error: check-options: there is no command 'trian' (see rnn --help)", r.errorLine());
        assertEquals(2, Cli.run("check-options", "check-options").code(), "it does not check itself");
    }
}
