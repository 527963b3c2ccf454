package org.rational4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts (XChart), rendered headless. */
final class Charts {
    /** Distinguishable colours (Okabe-Ito / Tableau-like), in order. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f), new Color(0xbcbd22)};

    private Charts() {
    }

    static XYChart chart(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler s = c.getStyler();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesColor(new Color(0xdddddd));
        c.getStyler().setPlotBorderColor(new Color(0x888888));
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setLegendBorderColor(new Color(0xbbbbbb));
        c.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
        c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        c.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        c.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        c.getStyler().setAntiAlias(true);
        c.getStyler().setChartTitleBoxVisible(false);
        c.getStyler().setSeriesColors(PALETTE);
        s.setToolTipsEnabled(false);
        c.getStyler().setXAxisTickMarkSpacingHint(90);
        return c;
    }

    /**
     * Makes the y axis logarithmic from the decade at or below the smallest positive value to the
     * decade at or above the largest (at least one decade apart), so that every decade in the data
     * has a labelled tick. (XChart labels decades only; an axis that spans less than two leaves one
     * label, or none, to read the values off.)
     */
    static void logYAxisByDecades(XYChart chart, double[]... values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double[] vs : values) {
            for (double v : vs) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > 0)) {
            return; // nothing positive to draw: XChart's own axis
        }
        double bottom = Math.pow(10, Math.floor(Math.log10(lo)));
        double top = Math.pow(10, Math.ceil(Math.log10(hi)));
        if (top <= bottom) {
            top = bottom * 10;
        }
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setYAxisMin(bottom);
        chart.getStyler().setYAxisMax(top);
        // decades written out (0.001, 10,000): XChart's default shows 1E-3; a formatting function
        // would turn the axis linear
        chart.getStyler().setYAxisDecimalPattern(DECADES);
    }

    /** Tick labels of log axes: every decade from 1e-9 up written out in full. */
    static final String DECADES = "#,##0.#########";

    /** Adds a line (no markers). */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (color != null) {
            s.setLineColor(color);
        }
        s.setLineStyle(dashed
                ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f)
                : new BasicStroke(2f));
        return s;
    }

    /**
     * Adds a wide, light line to draw a reference curve (a target, an initial state) underneath the
     * curves drawn after it. (Dashes do not survive XChart's per-segment drawing of dense curves.)
     */
    static XYSeries backdrop(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
        s.setLineStyle(new BasicStroke(6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return s;
    }

    /** Writes charts stacked in {@code rows} x {@code cols} as one PNG, atomically. */
    static void savePng(Path path, List<XYChart> charts, int rows, int cols) {
        Files2.writeAtomically(path, out -> BitmapEncoder.saveBitmap(charts, rows, cols, out,
                BitmapEncoder.BitmapFormat.PNG));
    }

    static void savePng(Path path, XYChart chart) {
        Files2.writeAtomically(path, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }

    /**
     * n points from lo to hi inclusive, at Chebyshev (cosine) spacing: denser towards the ends, where
     * rational fits have their largest errors. (Equally spaced x makes XChart put its axis ticks on
     * data points, at unreadable values such as -3.71; with these it picks round numbers.)
     */
    static double[] plotGrid(double lo, double hi, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (1 - Math.cos(Math.PI * i / (n - 1))) / 2;
            x[i] = i == 0 ? lo : i == n - 1 ? hi : lo + (hi - lo) * t;
        }
        return x;
    }
}
