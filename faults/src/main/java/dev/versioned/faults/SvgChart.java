package dev.versioned.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG of stacked panels sharing one time axis (minutes), with the run's events as dashed
 * vertical lines across all of them: no library, no network, readable in any browser or on GitHub.
 */
final class SvgChart {

    /** One line: its points as (minute, value); NaN values are gaps. */
    record Series(String name, String color, double[] x, double[] y) {}

    /** A horizontal reference line, e.g. a bound. */
    record Level(String name, String color, double value) {}

    record Panel(String title, List<Series> series, List<Level> levels) {}

    /** A labelled moment, in minutes. */
    record Marker(double minute, String label) {}

    private static final int WIDTH = 1100;
    private static final int PANEL_HEIGHT = 170;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 60;
    private static final int GAP = 40;
    private static final String[] PALETTE = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
    };

    private SvgChart() {}

    static String color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    static String render(String title, double maxMinute, List<Panel> panels, List<Marker> markers) {
        int height = TOP + panels.size() * (PANEL_HEIGHT + GAP) + 30;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\""
                        + " font-size=\"11\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH,
                height));
        svg.append(text(LEFT, 22, escape(title), "font-size=\"15\" font-weight=\"bold\""));
        double xMax = Math.max(maxMinute, 1e-9);
        int plotWidth = WIDTH - LEFT - RIGHT;
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            int top = TOP + p * (PANEL_HEIGHT + GAP);
            double yMax = yMax(panel);
            svg.append(text(LEFT, top - 6, escape(panel.title()), "font-weight=\"bold\""));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
                    LEFT,
                    top,
                    plotWidth,
                    PANEL_HEIGHT));
            for (int t = 0; t <= 4; t++) {
                double value = yMax * t / 4;
                double y = top + PANEL_HEIGHT - PANEL_HEIGHT * t / 4.0;
                svg.append(line(LEFT - 4, y, LEFT + plotWidth, y, "#eee", ""));
                svg.append(text(LEFT - 6, y + 4, number(value), "text-anchor=\"end\""));
            }
            for (Marker m : markers) {
                double x = LEFT + plotWidth * m.minute() / xMax;
                svg.append(line(x, top, x, top + PANEL_HEIGHT, "#888", "stroke-dasharray=\"4,3\""));
            }
            for (Level level : panel.levels()) {
                double y = top + PANEL_HEIGHT - PANEL_HEIGHT * Math.min(level.value(), yMax) / yMax;
                svg.append(line(LEFT, y, LEFT + plotWidth, y, level.color(), "stroke-dasharray=\"8,4\""));
            }
            int legend = 0;
            for (Series s : panel.series()) {
                svg.append(polyline(s, top, plotWidth, xMax, yMax));
                svg.append(legend(top, legend++, s.color(), "stroke-width=\"2\"", s.name()));
            }
            for (Level level : panel.levels()) {
                svg.append(legend(top, legend++, level.color(), "stroke-dasharray=\"8,4\"", level.name()));
            }
            for (int t = 0; t <= 10; t++) {
                double minute = xMax * t / 10;
                double x = LEFT + plotWidth * t / 10.0;
                svg.append(text(x, top + PANEL_HEIGHT + 13, number(minute), "text-anchor=\"middle\""));
            }
        }
        for (int i = 0; i < markers.size(); i++) {
            Marker m = markers.get(i);
            double x = LEFT + plotWidth * m.minute() / xMax;
            svg.append(text(x + 2, TOP - 20 - (i % 2) * 11, escape(m.label()), "font-size=\"9\" fill=\"#555\""));
        }
        svg.append(text(LEFT + plotWidth / 2.0, height - 8, "minutes since the load began", "text-anchor=\"middle\""));
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** Row {@code row} of a panel's legend, right of the plot: a short line in the series' style, its name. */
    private static String legend(int top, int row, String color, String style, String name) {
        int plotRight = WIDTH - RIGHT;
        int y = top + 10 + row * 16;
        return line(plotRight + 10, y, plotRight + 30, y, color, style) + text(plotRight + 34, y + 4, escape(name), "");
    }

    private static double yMax(Panel panel) {
        double max = 0;
        for (Series s : panel.series()) {
            for (double v : s.y()) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        for (Level level : panel.levels()) {
            max = Math.max(max, level.value());
        }
        return niceCeiling(max);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String polyline(Series s, int top, int plotWidth, double xMax, double yMax) {
        StringBuilder out = new StringBuilder();
        List<String> points = new ArrayList<>();
        for (int i = 0; i <= s.x().length; i++) {
            boolean gap = i == s.x().length || Double.isNaN(s.y()[i]);
            if (gap) {
                if (!points.isEmpty()) {
                    out.append(String.format(
                            Locale.ROOT,
                            "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n",
                            s.color(),
                            String.join(" ", points)));
                    points.clear();
                }
                continue;
            }
            double x = LEFT + plotWidth * s.x()[i] / xMax;
            double y = top + PANEL_HEIGHT - PANEL_HEIGHT * Math.min(s.y()[i], yMax) / yMax;
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return out.toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String color, String extra) {
        return String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" %s/>%n",
                x1,
                y1,
                x2,
                y2,
                color,
                extra);
    }

    private static String text(double x, double y, String content, String extra) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, extra, content);
    }

    static String number(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000);
        }
        if (value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
