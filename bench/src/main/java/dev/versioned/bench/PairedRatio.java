package dev.versioned.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A ratio of two variants computed per round, from the two runs of that round, then summarized: the median
 * of the per-round ratios and their spread. Never a ratio of two medians, which may come from different
 * rounds. {@code paired} is false for a ratio of two parts that cannot run in the same round (Kafka against
 * PostgreSQL, which runs after the broker is stopped): then {@code median} is median / median and
 * {@code min..max} the extreme cross ratios (lowest numerator over highest denominator and the reverse).
 *
 * @param perRound the ratio of each round (paired), or empty
 */
public record PairedRatio(
        String name, String formula, double median, double min, double max, List<Double> perRound, boolean paired) {

    static final PairedRatio NONE = new PairedRatio("", "", Double.NaN, Double.NaN, Double.NaN, List.of(), true);

    /**
     * numerator.rate / denominator.rate per round in which both ran ({@code complement}: 1 minus that), summarized.
     */
    static PairedRatio of(
            String name,
            String formula,
            List<ThroughputResult> runs,
            String numerator,
            String denominator,
            boolean complement) {
        Map<Integer, Double> num = byRound(runs, numerator);
        Map<Integer, Double> den = byRound(runs, denominator);
        List<Double> ratios = num.keySet().stream()
                .filter(den::containsKey)
                .map(r -> num.get(r) / den.get(r))
                .map(x -> complement ? 1 - x : x)
                .toList();
        return summarize(name, formula, ratios);
    }

    static PairedRatio summarize(String name, String formula, List<Double> ratios) {
        double[] v = ratios.stream().mapToDouble(Double::doubleValue).toArray();
        return new PairedRatio(
                name,
                formula,
                Targets.median(v),
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                List.copyOf(ratios),
                true);
    }

    /** Not paired: median / median, spread from the extreme cross ratios. */
    static <A, B> PairedRatio unpaired(
            String name,
            String formula,
            List<A> nums,
            ToDoubleFunction<A> numRate,
            List<B> dens,
            ToDoubleFunction<B> denRate) {
        double[] n = nums.stream().mapToDouble(numRate).toArray();
        double[] d = dens.stream().mapToDouble(denRate).toArray();
        if (n.length == 0 || d.length == 0) {
            return new PairedRatio(name, formula, Double.NaN, Double.NaN, Double.NaN, List.of(), false);
        }
        double nMin = Arrays.stream(n).min().getAsDouble();
        double nMax = Arrays.stream(n).max().getAsDouble();
        double dMin = Arrays.stream(d).min().getAsDouble();
        double dMax = Arrays.stream(d).max().getAsDouble();
        return new PairedRatio(
                name, formula, Targets.median(n) / Targets.median(d), nMin / dMax, nMax / dMin, List.of(), false);
    }

    private static Map<Integer, Double> byRound(List<ThroughputResult> runs, String name) {
        Map<Integer, Double> m = new TreeMap<>();
        runs.stream().filter(r -> r.name().equals(name)).forEach(r -> m.put(r.round(), r.recordsPerSecond()));
        return m;
    }

    /** "0.19 (0.17..0.21, 5 rounds)", or "n/a". */
    String describe() {
        if (Double.isNaN(median)) {
            return "n/a";
        }
        String range = ResultsWriter.f2(min) + ".." + ResultsWriter.f2(max);
        return ResultsWriter.f2(median) + " (" + range + (paired ? ", " + perRound.size() + " rounds" : ", not paired")
                + ")";
    }
}
