package io.sitewatch.canary.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The report's chart, drawn with Java2D: schedule lag (p50, p99 per metrics scrape) in the upper panel;
 * check→alert latency (one dot per alert) and stats query latency in the lower panel; faults as labelled
 * vertical lines in both. Time runs in seconds since the checks started. The lag panel is linear, capped
 * just above its 99th percentile; the latency panel is logarithmic (1 ms to the largest value), so that
 * sub-second alerts and queries stay readable beside alerts held back by a broker outage.
 */
public final class LatencyChart {
    /** A point: seconds since start, milliseconds. */
    public record Point(double t, double ms) {
    }

    /** A labelled moment: seconds since start. */
    public record Mark(double t, String label) {
    }

    /** A named series drawn as a line or as dots. */
    public record Series(String name, Color color, boolean dots, List<Point> points) {
    }

    private static final int W = 1200;
    private static final int PANEL_H = 300;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 80;
    private static final int GAP = 70;

    private LatencyChart() {
    }

    public static void write(Path file, String title, double durationSeconds, List<Series> upper, String upperTitle,
                             List<Series> lower, String lowerTitle, List<Mark> marks) throws IOException {
        int h = TOP + 2 * PANEL_H + GAP + 60;
        BufferedImage img = new BufferedImage(W, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, LEFT, 30);
        panel(g, TOP, durationSeconds, upper, upperTitle, marks, false);
        panel(g, TOP + PANEL_H + GAP, durationSeconds, lower, lowerTitle, marks, true);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int top, double duration, List<Series> series, String title, List<Mark> marks,
                              boolean log) {
        int x0 = LEFT;
        int x1 = W - RIGHT;
        int y0 = top + PANEL_H;
        double max = log ? logMax(series) : niceMax(series);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(new Color(235, 235, 235));
        for (int k = 0; k <= 5; k++) {
            int y = y0 - k * PANEL_H / 5;
            g.drawLine(x0, y, x1, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x0, top, x1 - x0, PANEL_H);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, x0, top - 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        if (log) {
            for (double v = 1; v <= max; v *= 10) {
                int y = y(v, max, true, y0);
                g.drawString(format(v) + " ms", 8, y + 4);
                g.setColor(new Color(235, 235, 235));
                g.drawLine(x0 + 1, y, x1 - 1, y);
                g.setColor(Color.BLACK);
            }
        } else {
            for (int k = 0; k <= 5; k++) {
                int y = y0 - k * PANEL_H / 5;
                g.drawString(format(max * k / 5) + " ms", 8, y + 4);
            }
        }
        double step = duration <= 120 ? 10 : duration <= 600 ? 60 : 120;
        for (double t = 0; t <= duration; t += step) {
            int x = x(t, duration, x0, x1);
            g.drawLine(x, y0, x, y0 + 4);
            g.drawString((int) t + " s", x - 12, y0 + 18);
        }
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        g.setColor(new Color(200, 60, 60));
        int labelRow = 0;
        for (Mark m : marks) {
            int x = x(m.t(), duration, x0, x1);
            g.drawLine(x, top, x, y0);
            g.drawString(m.label(), x + 3, top + 14 + (labelRow++ % 4) * 14);
        }
        g.setStroke(new BasicStroke(1.6f));
        g.setClip(x0, top - 4, x1 - x0 + 1, PANEL_H + 8);
        int legendX = x1 - 260;
        int legendY = top + 16;
        for (Series s : series) {
            g.setColor(s.color());
            double gap = 2.5 * medianSpacing(s.points());
            List<int[]> pts = new ArrayList<>();
            for (Point p : s.points()) {
                int y = y(p.ms(), max, log, y0);
                pts.add(new int[] {x(p.t(), duration, x0, x1), y});
            }
            for (int k = 0; k < pts.size(); k++) {
                if (s.dots()) {
                    g.fillOval(pts.get(k)[0] - 3, pts.get(k)[1] - 3, 6, 6);
                } else if (k > 0 && s.points().get(k).t() - s.points().get(k - 1).t() <= gap) {
                    g.drawLine(pts.get(k - 1)[0], pts.get(k - 1)[1], pts.get(k)[0], pts.get(k)[1]);
                }
            }
            g.setClip(null);
            g.fillRect(legendX, legendY - 9, 12, 10);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), legendX + 18, legendY);
            legendY += 16;
        }
    }

    /** The median time between consecutive points: a line is broken where a gap is much longer (no data). */
    static double medianSpacing(List<Point> points) {
        List<Double> dt = new ArrayList<>();
        for (int k = 1; k < points.size(); k++) {
            dt.add(points.get(k).t() - points.get(k - 1).t());
        }
        Double m = Percentiles.of(dt, 0.5);
        return m == null ? Double.MAX_VALUE : m;
    }

    private static int y(double v, double max, boolean log, int y0) {
        double f = log ? Math.log10(Math.max(1, Math.min(v, max))) / Math.log10(max) : Math.min(v, max) / max;
        return y0 - (int) Math.round(f * PANEL_H);
    }

    /** The next power of ten above every value (at least 1,000 ms). */
    static double logMax(List<Series> series) {
        double top = 1000;
        for (Series s : series) {
            for (Point p : s.points()) {
                top = Math.max(top, p.ms());
            }
        }
        return Math.pow(10, Math.ceil(Math.log10(top)));
    }

    private static int x(double t, double duration, int x0, int x1) {
        return x0 + (int) Math.round(Math.max(0, Math.min(t, duration)) / duration * (x1 - x0));
    }

    /** A round upper bound over the 99th percentile of every point, so one outlier does not flatten the rest. */
    static double niceMax(List<Series> series) {
        List<Double> all = new ArrayList<>();
        series.forEach(s -> s.points().forEach(p -> all.add(p.ms())));
        Double p99 = Percentiles.of(all, 0.99);
        double top = p99 == null || p99 <= 0 ? 1 : p99 * 1.1;
        double mag = Math.pow(10, Math.floor(Math.log10(top)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * mag >= top) {
                return f * mag;
            }
        }
        return 10 * mag;
    }

    private static String format(double v) {
        return v >= 10 ? Long.toString(Math.round(v)) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
