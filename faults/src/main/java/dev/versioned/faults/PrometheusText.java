package dev.versioned.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One scrape of a Prometheus text endpoint, enough of the format to add up series: {@code name{labels} value}
 * per line, comments skipped. The soak reads the processors' and gateways' own metrics this way, as a
 * Prometheus server would.
 */
final class PrometheusText {

    /** One sample line. */
    record Series(String name, Map<String, String> labels, double value) {}

    private final List<Series> series;

    private PrometheusText(List<Series> series) {
        this.series = series;
    }

    static PrometheusText parse(String text) {
        List<Series> all = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name;
            Map<String, String> labels = new HashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                labels = labels(line.substring(brace + 1, line.lastIndexOf('}')));
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            try {
                all.add(new Series(name, labels, Double.parseDouble(line.substring(space + 1))));
            } catch (NumberFormatException e) {
                // a timestamp after the value or a value we do not need: skip the line
            }
        }
        return new PrometheusText(all);
    }

    /** {@code a="x",b="y"}; label values in these metrics hold no quotes or commas. */
    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new HashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(
                        pair.substring(0, eq).trim(),
                        pair.substring(eq + 1).replace("\"", "").trim());
            }
        }
        return labels;
    }

    /** The sum of every series of {@code name} whose labels include {@code having}; empty if none. */
    OptionalDouble sum(String name, Map<String, String> having) {
        double total = 0;
        boolean found = false;
        for (Series s : series) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(having.entrySet())) {
                total += Double.isNaN(s.value()) ? 0 : s.value();
                found = true;
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    OptionalDouble sum(String name) {
        return sum(name, Map.of());
    }

    /** The series of {@code name}, for a look at their labels. */
    List<Series> named(String name) {
        return series.stream().filter(s -> s.name().equals(name)).toList();
    }
}
