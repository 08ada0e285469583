package dev.rnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {
    @TempDir
    Path dir;

    private static MetricsRow row(long step, double valBpc, double charsPerSec, double elapsed) {
        return new MetricsRow(step, 0, 4.0, valBpc * Math.log(2), valBpc, 0.002, 0.5, charsPerSec, elapsed);
    }

    @Test
    void bestLossItsStepTheLastStepTimeAndMedianSpeed() {
        List<MetricsRow> rows = List.of(row(1, Double.NaN, 900, 0.5), row(2, 3.0, 1000, 1.0), row(3, Double.NaN, 1200, 1.5),
                row(4, 2.5, 5000, 2.0), row(5, 2.5, 1100, 2.5), row(5, 2.6, 0, 2.75));
        RunSummary s = RunSummary.of(dir, Map.of(), rows, RunStatus.FINISHED);
        assertEquals(2.5, s.bestValBpc());
        assertEquals(4, s.bestStep(), "the first step that reached the best loss");
        assertEquals(5, s.lastStep());
        assertEquals(2.75, s.trainSeconds(), "elapsed_s of the last row: it counts every session");
        assertEquals(1100, s.charsPerSec(), "the median of 900, 1000, 1100, 1200, 5000; the end-of-run row's 0 left out");
        assertEquals(RunStatus.FINISHED, s.status());
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, RunSummary.median(new double[] {4, 1, 3, 2}, 4));
        assertEquals(3, RunSummary.median(new double[] {3, 99}, 1), "only the first n values count");
        assertTrue(Double.isNaN(RunSummary.median(new double[0], 0)));
    }

    @Test
    void aRunWithoutRowsHasNoNumbers() {
        RunSummary s = RunSummary.of(dir, Map.of(), List.of(), RunStatus.NO_METRICS);
        assertTrue(Double.isNaN(s.bestValBpc()) && Double.isNaN(s.trainSeconds()) && Double.isNaN(s.charsPerSec()));
        assertEquals(-1, s.bestStep());
        assertEquals(-1, s.lastStep());
    }

    @Test
    void readsMetricsGridAndStatusFromTheDirectory() throws Exception {
        Files.writeString(dir.resolve(MetricsRow.FILE), MetricsRow.HEADER + "\n"
                + row(4, 2.5, 1000, 2.0).toCsv() + "\n" + "5,0.0");
        Files.writeString(dir.resolve(RunSummary.GRID_FILE), "lr=0.004\nhidden=16\ncell=lstm\n");
        Files.writeString(dir.resolve(RunStatus.STATUS_MARKER), "130\n");
        RunSummary s = RunSummary.read(dir);
        assertEquals(List.of("lr", "hidden", "cell"), List.copyOf(s.grid().keySet()), "the grid's order");
        assertEquals("0.004", s.grid().get("lr"));
        assertEquals(2.5, s.bestValBpc());
        assertEquals(4, s.lastStep(), "the torn last line is not a step");
        assertEquals(RunStatus.INTERRUPTED, s.status());
    }

    @Test
    void aDirectoryWithoutMetricsIsNoMetrics() throws Exception {
        RunSummary s = RunSummary.read(dir);
        assertEquals(RunStatus.NO_METRICS, s.status());
        assertTrue(s.grid().isEmpty());
        Files.writeString(dir.resolve(MetricsRow.FILE), MetricsRow.HEADER + "\n");
        assertEquals(RunStatus.NO_METRICS, RunSummary.read(dir).status(), "a header alone is no metrics yet");
    }

    @Test
    void aMalformedGridFileIsAnErrorNamingItsLine() throws Exception {
        Files.writeString(dir.resolve(RunSummary.GRID_FILE), "hidden=16\nlr 0.002\n");
        MetricsException e = assertThrows(MetricsException.class, () -> RunSummary.read(dir));
        assertTrue(e.getMessage().contains(".grid line 2 is 'lr 0.002', not KEY=VALUE"), e.getMessage());
    }
}
