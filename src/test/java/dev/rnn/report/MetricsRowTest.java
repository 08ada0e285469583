package dev.rnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MetricsRowTest {
    private static final Path FILE = Path.of("run", MetricsRow.FILE);

    private static final String OLD_HEADER = "step,epoch,train_loss,val_loss,val_bpc,lr,grad_norm,chars_per_sec,elapsed_s";

    @Test
    void headerIsTheFormatOldRunsWereWrittenInThenValChars() throws Exception {
        assertEquals(OLD_HEADER + ",val_chars", MetricsRow.HEADER);
        assertEquals("metrics.csv", MetricsRow.FILE);
        MetricsRow old = MetricsRow.Layout.of(OLD_HEADER, FILE).parse("8,0.7500,4.100000,3.900000,5.626511,0.00200000,0.300000,5000,2.50", 2);
        assertEquals(new MetricsRow(8, 0.75, 4.1, 3.9, 5.626511, 0.002, 0.3, 5000, 2.5, Double.NaN), old,
                "a file from before val_chars reads, the column empty");
    }

    @Test
    void writesEachColumnInItsFormat() {
        MetricsRow row = MetricsRow.logged(12, 0.123456, 4.1234567, 3.5, 0.002, 0.25, 1234.6, 7.891);
        assertEquals("12,0.1235,4.123457,3.500000,5.049433,0.00200000,0.250000,1235,7.89,", row.toCsv());
        MetricsRow scored = MetricsRow.logged(12, 0.123456, 4.1234567, 3.5, 0.002, 0.25, 1234.6, 7.891, 199_999);
        assertEquals("12,0.1235,4.123457,3.500000,5.049433,0.00200000,0.250000,1235,7.89,199999", scored.toCsv());
        assertEquals(3.5 / Math.log(2), row.valBpc(), 1e-12);
    }

    @Test
    void nanIsAnEmptyCell() {
        MetricsRow noVal = MetricsRow.logged(3, 0.01, 4.2, Double.NaN, 0.002, 0.5, 1000, 0.1);
        assertEquals("3,0.0100,4.200000,,,0.00200000,0.500000,1000,0.10,", noVal.toCsv());
        MetricsRow endEval = MetricsRow.logged(3, 0.01, Double.NaN, 4.0, 0.002, Double.NaN, 0, 0.2);
        assertEquals("3,0.0100,,4.000000,5.770780,0.00200000,,0,0.20,", endEval.toCsv());
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        MetricsRow.Layout layout = MetricsRow.Layout.of(MetricsRow.HEADER, FILE);
        for (MetricsRow row : new MetricsRow[] {
                MetricsRow.logged(7, 0.5, 4.1, Double.NaN, 0.002, 0.3, 5000, 1.25),
                MetricsRow.logged(8, 0.75, Double.NaN, 3.9, 1e-5, Double.NaN, 0, 2.5)}) {
            MetricsRow back = layout.parse(row.toCsv(), 2);
            assertEquals(row.toCsv(), back.toCsv(), "a row survives a write and a read unchanged");
            assertEquals(row.step(), back.step());
        }
        MetricsRow back = layout.parse("8,0.7500,4.100000,3.900000,5.626511,0.00200000,0.300000,5000,2.50,", 2);
        assertEquals(new MetricsRow(8, 0.75, 4.1, 3.9, 5.626511, 0.002, 0.3, 5000, 2.5), back);
        MetricsRow scored = layout.parse("8,0.7500,4.100000,3.900000,5.626511,0.00200000,0.300000,5000,2.50,200000", 2);
        assertEquals(200_000, scored.valChars());
    }

    @Test
    void columnsAreFoundByNameAndTornLinesAreNull() throws Exception {
        MetricsRow.Layout layout = MetricsRow.Layout.of("elapsed_s,extra,chars_per_sec,grad_norm,lr,val_bpc,val_loss,train_loss,epoch,step", FILE);
        MetricsRow row = layout.parse("9.5,x,100,0.1,0.002,,,3.5,1.0,42", 2);
        assertEquals(42, row.step());
        assertEquals(3.5, row.trainLoss());
        assertEquals(9.5, row.elapsedSeconds());
        assertNull(layout.parse("9.5,x,100,0.1", 3), "fewer cells than the header: a torn line");
    }

    @Test
    void malformedInputIsAOneLineErrorNamingTheLine() {
        MetricsException noColumn = assertThrows(MetricsException.class, () -> MetricsRow.Layout.of("step,loss", FILE));
        assertTrue(noColumn.getMessage().contains("no column epoch") && noColumn.getMessage().contains(FILE.toString()),
                noColumn.getMessage());
        MetricsRow.Layout layout;
        try {
            layout = MetricsRow.Layout.of(MetricsRow.HEADER, FILE);
        } catch (MetricsException e) {
            throw new AssertionError(e);
        }
        MetricsException badStep = assertThrows(MetricsException.class, () -> layout.parse("1.5,0,4,,,0.002,0.2,10,0.1,", 4));
        assertTrue(badStep.getMessage().contains("line 4: step is '1.5'"), badStep.getMessage());
        MetricsException badCell = assertThrows(MetricsException.class, () -> layout.parse("1,0,four,,,0.002,0.2,10,0.1,", 5));
        assertTrue(badCell.getMessage().contains("line 5: train_loss is 'four'"), badCell.getMessage());
        MetricsException tooMany = assertThrows(MetricsException.class, () -> layout.parse("1,0,4,,,0.002,0.2,10,0.1,,9", 6));
        assertTrue(tooMany.getMessage().contains("line 6 has 11 cells, the header 10"), tooMany.getMessage());
    }
}
