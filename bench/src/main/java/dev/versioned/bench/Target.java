package dev.versioned.bench;

/**
 * One of the benchmark's targets, evaluated on figures of the same run.
 *
 * @param value the measured ratio or figure (for a ratio, the median of its per-round values)
 * @param threshold what it must reach ({@code atLeast}) or stay under
 * @param pass null when it could not be measured in this run
 * @param ratio the ratio's spread over the rounds, or null for a figure that is not a ratio
 */
public record Target(
        String name, String formula, double value, double threshold, boolean atLeast, Boolean pass, PairedRatio ratio) {

    static Target atLeast(String name, String formula, double value, double threshold) {
        return new Target(name, formula, value, threshold, true, Double.isNaN(value) ? null : value >= threshold, null);
    }

    static Target atMost(String name, String formula, double value, double threshold) {
        return new Target(
                name, formula, value, threshold, false, Double.isNaN(value) ? null : value <= threshold, null);
    }

    static Target atLeast(String name, PairedRatio ratio, double threshold) {
        double v = ratio.median();
        return new Target(name, ratio.formula(), v, threshold, true, Double.isNaN(v) ? null : v >= threshold, ratio);
    }

    static Target atMost(String name, PairedRatio ratio, double threshold) {
        double v = ratio.median();
        return new Target(name, ratio.formula(), v, threshold, false, Double.isNaN(v) ? null : v <= threshold, ratio);
    }

    /** A ratio reported beside the targets, with no goal of its own. */
    static Target reported(String name, PairedRatio ratio) {
        return new Target(name, ratio.formula(), ratio.median(), Double.NaN, true, null, ratio);
    }

    public String verdict() {
        if (Double.isNaN(threshold)) {
            return Double.isNaN(value) ? "NOT MEASURED" : "reported";
        }
        return pass == null ? "NOT MEASURED" : pass ? "PASS" : "MISS";
    }

    /** The measured value as the report prints it: a ratio with its spread, else the figure. */
    String measured() {
        return ratio != null ? ratio.describe() : Double.isNaN(value) ? "n/a" : ResultsWriter.f2(value);
    }
}
