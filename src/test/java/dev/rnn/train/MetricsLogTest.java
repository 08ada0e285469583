package dev.rnn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rnn.report.MetricsException;
import dev.rnn.report.MetricsRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
    @TempDir
    Path dir;

    private List<String> lines() throws Exception {
        return Files.readAllLines(dir.resolve(MetricsLog.FILE), StandardCharsets.UTF_8);
    }

    @Test
    void writesTheHeaderThenOneLinePerRow() throws Exception {
        try (MetricsLog log = MetricsLog.open(dir, 0)) {
            log.write(1, 0.01, 4.2, Double.NaN, 0.002, 0.5, 1000, 0.1);
            log.write(2, 0.02, 4.1, 4.0, 0.002, 0.4, 1100, 0.2);
        }
        assertEquals(List.of(MetricsRow.HEADER,
                MetricsRow.logged(1, 0.01, 4.2, Double.NaN, 0.002, 0.5, 1000, 0.1).toCsv(),
                MetricsRow.logged(2, 0.02, 4.1, 4.0, 0.002, 0.4, 1100, 0.2).toCsv()), lines());
    }

    @Test
    void aNewRunStartsAFreshFile() throws Exception {
        Files.writeString(dir.resolve(MetricsLog.FILE), MetricsRow.HEADER + "\n1,0,4,,,0.002,0.2,10,0.1\n");
        try (MetricsLog log = MetricsLog.open(dir, 0)) {
            log.write(MetricsRow.logged(1, 0.5, 3.0, Double.NaN, 0.001, 0.1, 20, 0.2));
        }
        assertEquals(2, lines().size(), "the header and the new row: " + lines());
        assertTrue(lines().get(1).startsWith("1,0.5000,3.000000,"), lines().get(1));
    }

    @Test
    void resumeDropsRowsPastTheCheckpointAndATornLastLine() throws Exception {
        String kept1 = "1,0.0100,4.200000,,,0.00200000,0.500000,1000,0.10,";
        String kept2 = "2,0.0200,4.100000,4.000000,5.770780,0.00200000,0.400000,1100,0.20,200000";
        Files.writeString(dir.resolve(MetricsLog.FILE), MetricsRow.HEADER + "\n" + kept1 + "\n" + kept2 + "\n"
                + "3,0.0300,4.000000,,,0.00200000,0.300000,1200,0.30,\n"
                + "4,0.04");
        try (MetricsLog log = MetricsLog.open(dir, 2)) {
            log.write(3, 0.03, 3.9, Double.NaN, 0.002, 0.3, 1300, 0.35);
        }
        List<String> lines = lines();
        assertEquals(List.of(MetricsRow.HEADER, kept1, kept2), lines.subList(0, 3), "rows through step 2, as written");
        assertEquals(4, lines.size(), "step 3 once, from the resumed session: " + lines);
        assertTrue(lines.get(3).startsWith("3,0.0300,3.900000,"), lines.get(3));
    }

    @Test
    void resumingARunFromBeforeValCharsRewritesItsRowsWithTheColumnEmpty() throws Exception {
        Files.writeString(dir.resolve(MetricsLog.FILE), "step,epoch,train_loss,val_loss,val_bpc,lr,grad_norm,chars_per_sec,elapsed_s\n"
                + "1,0.0100,4.200000,,,0.00200000,0.500000,1000,0.10\n");
        try (MetricsLog log = MetricsLog.open(dir, 1)) {
            log.write(2, 0.02, 4.1, new dev.rnn.train.Evaluator.Score(4.0, 1234), 0.002, 0.4, 1100, 0.2);
        }
        assertEquals(List.of(MetricsRow.HEADER, "1,0.0100,4.200000,,,0.00200000,0.500000,1000,0.10,",
                "2,0.0200,4.100000,4.000000,5.770780,0.00200000,0.400000,1100,0.20,1234"), lines());
    }

    @Test
    void resumeRefusesAMalformedRowNamingIt() throws Exception {
        Files.writeString(dir.resolve(MetricsLog.FILE), MetricsRow.HEADER + "\n1,0.01,four,,,0.002,0.5,1000,0.1,\n");
        MetricsException e = assertThrows(MetricsException.class, () -> MetricsLog.open(dir, 5));
        assertTrue(e.getMessage().contains("line 2: train_loss is 'four'"), e.getMessage());
    }
}
