package dev.rnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rnn.report.MetricsRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsCommandTest {
    @TempDir
    Path tmp;

    /** A sweep-style run directory: metrics with one validation row of {@code bpc}, its grid values and exit status. */
    private Path run(String name, double bpc, String grid, String status) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(MetricsRow.FILE), MetricsRow.HEADER + "\n"
                + MetricsRow.logged(10, 0.1, 4.0, Double.NaN, 0.002, 0.5, 2000, 5.0).toCsv() + "\n"
                + MetricsRow.logged(20, 0.2, 3.5, bpc * Math.log(2), 0.002, 0.4, 3000, 10.25).toCsv() + "\n");
        Files.writeString(dir.resolve(".grid"), grid);
        Files.writeString(dir.resolve(".status"), status + "\n");
        return dir;
    }

    @Test
    void printsOneRowPerRunBestFirstWithTheGridAndAFooter() throws Exception {
        Path a = run("hidden=16_lr=0.002", 3.2, "hidden=16\nlr=0.002\n", "0");
        Path b = run("hidden=24_lr=0.002", 2.9, "hidden=24\nlr=0.002\n", "130");
        Path c = Files.createDirectories(tmp.resolve("hidden=0_lr=0.002"));
        Files.writeString(c.resolve(".grid"), "hidden=0\nlr=0.002\n");
        Files.writeString(c.resolve(".status"), "2\n");
        Cli.Result r = Cli.run("runs", a.toString(), c.toString(), b.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(List.of("hidden", "lr", "best_val_bpc", "best_step", "last_step", "train_seconds", "chars_per_sec",
                "status", "run_dir"), List.of(lines.get(0).split(" +")));
        assertEquals(List.of("24", "0.002", "2.9000", "20", "20", "10.3", "2500", "interrupted", b.toString()),
                List.of(lines.get(1).split(" +")));
        assertEquals(List.of("16", "0.002", "3.2000", "20", "20", "10.3", "2500", "finished", a.toString()),
                List.of(lines.get(2).split(" +")));
        assertEquals(List.of("0", "0.002", "-", "-", "-", "-", "-", "failed", c.toString()), List.of(lines.get(3).split(" +")),
                "a run without a validation loss comes last");
        assertEquals("3 runs: 1 finished, 1 interrupted, 1 failed", lines.get(4));
        assertEquals(5, lines.size());
        assertEquals(lines.get(1).indexOf("2.9000"), lines.get(0).indexOf("best_val_bpc"), "the columns are aligned");
    }

    @Test
    void csvHasTheSameColumnsEmptyWhereThereIsNoValue() throws Exception {
        Path a = run("a", 3.2, "hidden=16\n", "0");
        Path b = Files.createDirectories(tmp.resolve("b,c"));
        Cli.Result r = Cli.run("runs", "--csv", b.toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("hidden,best_val_bpc,best_step,last_step,train_seconds,chars_per_sec,status,run_dir",
                "16,3.200000,20,20,10.3,2500,finished," + a,
                ",,,,,,no-metrics,\"" + b + "\""), r.out().lines().toList());
    }

    @Test
    void jsonHasAnObjectPerRunWithNullWhereThereIsNoValue() throws Exception {
        Path a = run("a", 3.2, "hidden=16\nlr=0.002\n", "0");
        Path b = Files.createDirectories(tmp.resolve("b"));
        Cli.Result r = Cli.run("runs", "--json", b.toString(), a.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode runs = new ObjectMapper().readTree(r.out());
        assertEquals(2, runs.size());
        assertEquals(a.toString(), runs.get(0).get("run_dir").asText());
        assertEquals("0.002", runs.get(0).get("grid").get("lr").asText());
        assertEquals(3.2, runs.get(0).get("best_val_bpc").asDouble(), 1e-6);
        assertEquals(20, runs.get(0).get("last_step").asLong());
        assertEquals("finished", runs.get(0).get("status").asText());
        assertTrue(runs.get(1).get("best_val_bpc").isNull(), runs.toString());
        assertEquals("no-metrics", runs.get(1).get("status").asText());
    }

    @Test
    void aRunTrainedToItsLimitIsFinished() throws Exception {
        Path corpus = Cli.corpus(tmp);
        Path out = tmp.resolve("trained");
        Cli.Result t = Cli.run("train", corpus.toString(), "--out", out.toString(), "--hidden", "8", "--layers", "1",
                "--batch", "2", "--seq-len", "8", "--max-steps", "4", "--eval-every", "2", "--checkpoint-every", "2",
                "--sample-len", "0", "--threads", "1", "--quiet");
        assertEquals(0, t.code(), t.err());
        Cli.Result r = Cli.run("runs", "--csv", out.toString());
        assertEquals(0, r.code(), r.err());
        String[] cells = r.out().lines().toList().get(1).split(",", -1);
        assertEquals(List.of("4", "finished", out.toString()), List.of(cells[2], cells[5], cells[6]),
                "the last step, and finished from last.safetensors alone (no sweep markers): " + r.out());
        assertTrue(cells[1].equals("2") || cells[1].equals("4"), "the best step is an evaluation step: " + cells[1]);
        assertTrue(Double.parseDouble(cells[0]) > 0 && Double.parseDouble(cells[4]) > 0, r.out());
    }

    @Test
    void badInputIsAOneLineError() throws Exception {
        Cli.Result none = Cli.run("runs");
        assertEquals(2, none.code());
        assertTrue(none.errorLine().contains("RUN_DIR"), none.err());

        Cli.Result both = Cli.run("runs", "--csv", "--json", tmp.toString());
        assertEquals(2, both.code());
        assertEquals("rnn: error: --csv and --json both given; choose one", both.errorLine());

        Path missing = tmp.resolve("nope");
        Cli.Result absent = Cli.run("runs", missing.toString());
        assertEquals(1, absent.code());
        assertEquals("rnn: error: " + missing + " does not exist; give run directories (rnn train --out DIR)", absent.errorLine());

        Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
        Cli.Result notDir = Cli.run("runs", file.toString());
        assertEquals(1, notDir.code());
        assertEquals("rnn: error: " + file + " is not a directory; give run directories (rnn train --out DIR)", notDir.errorLine());

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve(MetricsRow.FILE), MetricsRow.HEADER + "\n1,0,four,,,0.002,0.2,10,0.1,\n");
        Cli.Result malformed = Cli.run("runs", bad.toString());
        assertEquals(1, malformed.code());
        assertTrue(malformed.errorLine().contains("metrics.csv line 2: train_loss is 'four', not a number"), malformed.err());
        for (Cli.Result r : List.of(none, both, absent, notDir, malformed)) {
            assertTrue(r.out().isEmpty(), "nothing on stdout: " + r.out());
            assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }
}
