package dev.versioned.bench;

/**
 * One of the benchmark's targets, evaluated on figures of the same run.
 *
 * @param value the measured ratio or figure
 * @param threshold what it must reach ({@code atLeast}) or stay under
 * @param pass null when it could not be measured in this run
 */
public record Target(String name, String formula, double value, double threshold, boolean atLeast, Boolean pass) {

    static Target atLeast(String name, String formula, double value, double threshold) {
        return new Target(name, formula, value, threshold, true, Double.isNaN(value) ? null : value >= threshold);
    }

    static Target atMost(String name, String formula, double value, double threshold) {
        return new Target(name, formula, value, threshold, false, Double.isNaN(value) ? null : value <= threshold);
    }

    public String verdict() {
        return pass == null ? "NOT MEASURED" : pass ? "PASS" : "MISS";
    }
}
