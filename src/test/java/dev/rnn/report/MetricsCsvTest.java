package dev.rnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.train.MetricsLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    private static final String HEADER = "step,epoch,train_loss,val_loss,val_bpc,lr,grad_norm,chars_per_sec,elapsed_s";

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Files.writeString(dir.resolve(MetricsCsv.FILE), text, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void emptyValidationCellsAreNaN() throws Exception {
        RunMetrics m = MetricsCsv.readRun(write(HEADER + "\n"
                + "1,0.0036,4.106816,,,0.002,0.284934,2002,0.03\n"
                + "2,0.0071,4.087153,4.047631,5.839498,0.002,0.326204,1221,0.08\n"));
        assertEquals(2, m.rows().size());
        MetricsRow first = m.rows().get(0);
        assertEquals(1, first.step());
        assertEquals(4.106816, first.trainLoss());
        assertTrue(Double.isNaN(first.valLoss()), "empty val_loss reads as NaN, got " + first.valLoss());
        assertTrue(Double.isNaN(first.valBpc()));
        MetricsRow second = m.rows().get(1);
        assertEquals(4.047631, second.valLoss());
        assertEquals(5.839498, second.valBpc());
        assertEquals(1221, second.charsPerSec());
        assertEquals(0.08, second.elapsedSeconds());
        assertEquals(0, m.incompleteLines());
        assertEquals(dir.getFileName().toString(), m.name(), "a run is named after its directory");
        assertTrue(m.hasValidation());
    }

    @Test
    void tornLastLineIsSkippedAndCounted() throws Exception {
        RunMetrics m = MetricsCsv.readRun(write(HEADER + "\n"
                + "1,0.0036,4.106816,,,0.002,0.284934,2002,0.03\n"
                + "2,0.0071,4.08"));
        assertEquals(1, m.rows().size());
        assertEquals(1, m.incompleteLines());
        assertTrue(!m.hasValidation());
    }

    @Test
    void readsWhatMetricsLogWrites() throws Exception {
        assertEquals(MetricsLog.FILE, MetricsCsv.FILE);
        assertEquals(MetricsRow.HEADER, HEADER + ",val_chars", "the format old runs were written in, then val_chars");
        try (MetricsLog log = MetricsLog.open(dir, 0)) {
            log.write(1, 0.01, 4.2, Double.NaN, 0.002, 0.5, 1000, 0.1);
            log.write(2, 0.02, 4.1, 4.0, 0.002, 0.4, 1100, 0.2);
            log.write(2, 0.02, Double.NaN, 3.9, 0.002, Double.NaN, 0, 0.3); // the evaluation at the end
        }
        RunMetrics m = MetricsCsv.readRun(dir.resolve(MetricsCsv.FILE));
        assertEquals(3, m.rows().size());
        assertEquals(4.0 / Math.log(2), m.rows().get(1).valBpc(), 1e-6);
        assertTrue(Double.isNaN(m.rows().get(2).trainLoss()));
        assertTrue(Double.isNaN(m.rows().get(2).gradNorm()));
        assertEquals(3.9, m.rows().get(2).valLoss(), 1e-6);
    }

    @Test
    void columnsAreFoundByName() throws Exception {
        RunMetrics m = MetricsCsv.readRun(write("extra," + HEADER + "\nx,5,1,3.5,,,0.002,0.1,100,1.5\n"));
        assertEquals(5, m.rows().get(0).step());
        assertEquals(3.5, m.rows().get(0).trainLoss());
    }

    @Test
    void missingEmptyOrMalformedFilesAreOneLineErrors() throws Exception {
        MetricsException missing = assertThrows(MetricsException.class, () -> MetricsCsv.readRun(dir));
        assertTrue(missing.getMessage().contains(dir.toString()) && missing.getMessage().contains("metrics.csv"), missing.getMessage());

        assertThrows(MetricsException.class, () -> MetricsCsv.readRun(write("")));
        MetricsException headerOnly = assertThrows(MetricsException.class, () -> MetricsCsv.readRun(write(HEADER + "\n")));
        assertTrue(headerOnly.getMessage().contains("no rows"), headerOnly.getMessage());

        MetricsException noColumn = assertThrows(MetricsException.class,
                () -> MetricsCsv.readRun(write("step,loss\n1,2\n")));
        assertTrue(noColumn.getMessage().contains("no column epoch"), noColumn.getMessage());

        MetricsException badCell = assertThrows(MetricsException.class, () -> MetricsCsv.readRun(write(HEADER + "\n"
                + "1,0.0036,4.1,,,0.002,0.28,2002,0.03\n"
                + "2,0.0071,four,,,0.002,0.32,1221,0.08\n")));
        assertTrue(badCell.getMessage().contains("line 3") && badCell.getMessage().contains("train_loss"), badCell.getMessage());

        MetricsException tooMany = assertThrows(MetricsException.class,
                () -> MetricsCsv.readRun(write(HEADER + "\n1,0.0036,4.1,,,0.002,0.28,2002,0.03,9\n")));
        assertTrue(tooMany.getMessage().contains("line 2"), tooMany.getMessage());

        for (String m : List.of(missing.getMessage(), headerOnly.getMessage(), badCell.getMessage())) {
            assertTrue(!m.contains("\n"), "one line: " + m);
        }
    }
}
