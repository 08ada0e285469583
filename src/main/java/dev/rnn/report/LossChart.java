package dev.rnn.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training and validation loss against step (or training minutes) for one or more runs, drawn off-screen with XChart:
 * training loss as a thin translucent line, validation loss as a thicker line with markers, one
 * colour per run, a legend named by run.
 */
public final class LossChart {
    static {
        // drawn into an image, never onto a screen: also on a machine whose DISPLAY is set but unreachable
        System.setProperty("java.awt.headless", "true");
    }

    /** The unit of the y axis. */
    public enum Unit {
        NATS("nats/char", 1.0),
        BITS("bits/char", 1.0 / Math.log(2));

        final String label;
        final double perNat;

        Unit(String label, double perNat) {
            this.label = label;
            this.perNat = perNat;
        }
    }

    /** What the x axis counts: optimizer steps, or training minutes (to compare runs at a time budget). */
    public enum XAxis {
        STEP("step", MetricsRow::step),
        MINUTES("training minutes", r -> r.elapsedSeconds() / 60);

        final String label;
        final ToDoubleFunction<MetricsRow> of;

        XAxis(String label, ToDoubleFunction<MetricsRow> of) {
            this.label = label;
            this.of = of;
        }
    }

    /**
     * How to draw.
     *
     * @param title   the chart title
     * @param valOnly only the validation curves (e.g. to compare a sweep's runs)
     * @param unit    nats or bits per character
     * @param x       what the x axis counts
     * @param width   image width in pixels
     * @param height  image height in pixels
     */
    public record Style(String title, boolean valOnly, Unit unit, XAxis x, int width, int height) {
        public Style {
            if (width < 100 || height < 100) {
                throw new IllegalArgumentException("the image is " + width + "x" + height + "; each side must be at least 100 pixels");
            }
        }
    }

    /** Tableau 10: distinct, colour-blind-aware hues, one per run (repeating after ten runs). */
    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
        new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    /** Legends with more entries than this go outside the plot so they do not hide the curves. */
    private static final int LEGEND_INSIDE_MAX = 8;

    private LossChart() {
    }

    /** Builds the chart; runs without validation rows get no validation series. */
    public static XYChart build(List<RunMetrics> runs, Style style) throws MetricsException {
        XYChart chart = new XYChartBuilder().width(style.width()).height(style.height()).title(style.title())
                .xAxisTitle(style.x().label).yAxisTitle((style.valOnly() ? "validation loss" : "loss") + " (" + style.unit().label + ")")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBorderColor(Color.LIGHT_GRAY);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setXAxisDecimalPattern(style.x() == XAxis.STEP ? "#,##0" : "#,##0.#");

        int series = 0;
        if (!style.valOnly()) {
            for (int r = 0; r < runs.size(); r++) {
                String name = runs.get(r).name() + " train";
                if (addSeries(chart, name, runs.get(r), MetricsRow::trainLoss, style)) {
                    Color c = PALETTE[r % PALETTE.length];
                    XYSeries s = chart.getSeriesMap().get(name);
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 100));
                    s.setLineStyle(new BasicStroke(1f));
                    series++;
                }
            }
        }
        // after every training curve, so that no run's noisy training loss hides a validation curve
        for (int r = 0; r < runs.size(); r++) {
            String name = style.valOnly() ? runs.get(r).name() : runs.get(r).name() + " val";
            if (addSeries(chart, name, runs.get(r), MetricsRow::valLoss, style)) {
                Color c = PALETTE[r % PALETTE.length];
                XYSeries s = chart.getSeriesMap().get(name);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(c);
                s.setLineColor(c);
                s.setLineStyle(new BasicStroke(2f));
                series++;
            }
        }
        if (series == 0) {
            throw new MetricsException("nothing to plot: " + (style.valOnly() ? "no validation rows" : "no rows") + " in "
                    + runs.stream().map(r -> r.file().toString()).toList());
        }
        chart.getStyler().setLegendPosition(series > LEGEND_INSIDE_MAX ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideNE);
        return chart;
    }

    /** Adds the finite points of one column as a series, thinned to the image width; false if there are none. */
    private static boolean addSeries(XYChart chart, String name, RunMetrics run, ToDoubleFunction<MetricsRow> loss,
                                     Style style) {
        int n = 0;
        double[] x = new double[run.rows().size()];
        double[] y = new double[run.rows().size()];
        for (MetricsRow row : run.rows()) {
            double v = loss.applyAsDouble(row);
            if (Double.isFinite(v)) {
                x[n] = style.x().of.applyAsDouble(row);
                y[n] = v * style.unit().perNat;
                n++;
            }
        }
        if (n == 0) {
            return false; // XChart rejects an empty series
        }
        double[][] xy = minMaxThin(x, y, n, 2 * style.width());
        chart.addSeries(name, xy[0], xy[1]);
        return true;
    }

    /**
     * The first {@code n} points, or, when there are more than {@code 2 * buckets}, the lowest and
     * the highest point of each of {@code buckets} equal runs of points, in step order. A long
     * run's curve is drawn the same at this resolution, and XChart draws it in a fraction of the
     * time (it strokes every segment: 200k points take half a minute).
     */
    static double[][] minMaxThin(double[] x, double[] y, int n, int buckets) {
        if (n <= 2 * buckets) {
            return new double[][] {Arrays.copyOf(x, n), Arrays.copyOf(y, n)};
        }
        double[] tx = new double[2 * buckets];
        double[] ty = new double[2 * buckets];
        int m = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) n * b / buckets);
            int to = (int) ((long) n * (b + 1) / buckets);
            int lo = from;
            int hi = from;
            for (int i = from + 1; i < to; i++) {
                if (y[i] < y[lo]) {
                    lo = i;
                }
                if (y[i] > y[hi]) {
                    hi = i;
                }
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            tx[m] = x[first];
            ty[m++] = y[first];
            if (second != first) {
                tx[m] = x[second];
                ty[m++] = y[second];
            }
        }
        return new double[][] {Arrays.copyOf(tx, m), Arrays.copyOf(ty, m)};
    }

    /** Writes the chart as a PNG: to a temporary file beside {@code file}, then renamed over it. */
    public static void writePng(XYChart chart, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
