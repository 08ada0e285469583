package dev.rnn.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class LossChartTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    /** A run whose training loss falls from 4 and which is evaluated every {@code evalEvery} steps. */
    private static RunMetrics run(String name, int steps, int evalEvery) {
        List<MetricsRow> rows = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            double train = 1 + 3 * Math.exp(-s / 10.0);
            double val = s % evalEvery == 0 ? train + 0.1 : Double.NaN;
            rows.add(new MetricsRow(s, s / 100.0, train, val, val / Math.log(2), 0.002, 0.5, 1000, s * 0.1));
        }
        return new RunMetrics(name, Path.of(name, MetricsCsv.FILE), rows, 0);
    }

    @Test
    void writesAPng() throws Exception {
        LossChart.Style style = new LossChart.Style("two runs", false, LossChart.Unit.NATS, LossChart.XAxis.STEP, 400, 300);
        XYChart chart = LossChart.build(List.of(run("a", 40, 10), run("b", 30, 5)), style);
        assertEquals(List.of("a train", "b train", "a val", "b val"), new ArrayList<>(chart.getSeriesMap().keySet()));
        Path png = dir.resolve("loss.png");
        LossChart.writePng(chart, png);
        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 1000, "a 400x300 chart is more than " + bytes.length + " bytes");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
        assertTrue(!Files.exists(dir.resolve("loss.png.tmp")), "the temporary file is renamed away");
    }

    @Test
    void valOnlyInBitsNamesSeriesByRun() throws Exception {
        LossChart.Style style = new LossChart.Style("sweep", true, LossChart.Unit.BITS, LossChart.XAxis.STEP, 400, 300);
        XYChart chart = LossChart.build(List.of(run("hidden=16", 20, 10), run("hidden=24", 20, 10)), style);
        assertEquals(List.of("hidden=16", "hidden=24"), new ArrayList<>(chart.getSeriesMap().keySet()));
        double[] y = chart.getSeriesMap().get("hidden=16").getYData();
        assertEquals((1 + 3 * Math.exp(-1.0) + 0.1) / Math.log(2), y[0], 1e-9, "validation at step 10 in bits");
    }

    @Test
    void theXAxisCanCountTrainingMinutes() throws Exception {
        LossChart.Style style = new LossChart.Style("budget", true, LossChart.Unit.NATS, LossChart.XAxis.MINUTES, 400, 300);
        XYChart chart = LossChart.build(List.of(run("a", 40, 10)), style);
        assertEquals("training minutes", chart.getXAxisTitle());
        // the rows' elapsed_s is 0.1 s per step: validation at steps 10..40 is at 1..4 s
        assertArrayEquals(new double[] {1 / 60.0, 2 / 60.0, 3 / 60.0, 4 / 60.0}, chart.getSeriesMap().get("a").getXData(), 1e-12);
        assertEquals("step", LossChart.build(List.of(run("a", 40, 10)),
                new LossChart.Style("steps", true, LossChart.Unit.NATS, LossChart.XAxis.STEP, 400, 300)).getXAxisTitle());
    }

    @Test
    void nothingToPlotIsAnError() {
        LossChart.Style style = new LossChart.Style("t", true, LossChart.Unit.NATS, LossChart.XAxis.STEP, 400, 300);
        MetricsException e = assertThrows(MetricsException.class,
                () -> LossChart.build(List.of(run("novalidation", 5, 1000)), style));
        assertTrue(e.getMessage().contains("no validation rows"), e.getMessage());
    }

    @Test
    void thinningKeepsEachBucketsExtremesInStepOrder() {
        double[] x = new double[1000];
        double[] y = new double[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = Math.sin(i * 0.37);
        }
        y[500] = -5;
        y[501] = 7;
        double[][] t = LossChart.minMaxThin(x, y, x.length, 50);
        assertTrue(t[0].length <= 100, "at most two points per bucket, got " + t[0].length);
        for (int i = 1; i < t[0].length; i++) {
            assertTrue(t[0][i] > t[0][i - 1], "steps stay in order at " + i);
        }
        assertEquals(-5, Arrays.stream(t[1]).min().orElseThrow());
        assertEquals(7, Arrays.stream(t[1]).max().orElseThrow());

        double[][] few = LossChart.minMaxThin(x, y, 60, 50);
        assertArrayEquals(Arrays.copyOf(x, 60), few[0], "few points are kept as they are");
    }
}
