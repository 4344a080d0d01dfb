package dev.versioned.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The arithmetic of the report: medians of repeated runs and the benchmark's four targets, each a ratio
 * of figures measured in the same run. Kept apart from the measuring code so that it can be unit tested.
 */
public final class Targets {

    private Targets() {
    }

    /** Median of the values (mean of the middle two for an even count); NaN when empty. */
    public static double median(double... values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /** Median records/s of the runs of one variant name. */
    public static double medianRate(List<ThroughputResult> runs, String name) {
        return median(runs.stream().filter(r -> r.name().equals(name)).mapToDouble(ThroughputResult::recordsPerSecond).toArray());
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** Fraction of throughput lost to the checks: 1 - with / without. */
    public static double checksCost(double withChecks, double withoutChecks) {
        return 1 - withChecks / withoutChecks;
    }

    public static List<Target> evaluate(List<ThroughputResult> throughput, List<ContentionResult> postgres,
                                        List<LatencyResult> latency, int tunedCommitMs) {
        double passthrough = medianRate(throughput, "passthrough");
        double full = medianRate(throughput, "full");
        double noIdem = medianRate(throughput, "no-idempotency");
        OptionalDouble pgBest = postgres.stream().filter(r -> r.workload().equals("1,000 products"))
                .mapToDouble(ContentionResult::goodput).max();
        double p99 = latency.stream().filter(l -> l.commitIntervalMs() == tunedCommitMs && l.targetRate() == 1_000)
                .mapToDouble(LatencyResult::p99).findFirst().orElse(Double.NaN);
        List<Target> targets = new ArrayList<>();
        targets.add(Target.atLeast("a. processor vs passthrough", "full / passthrough", full / passthrough, 0.50));
        targets.add(Target.atMost("b. cost of the checks", "1 - full / no-idempotency", checksCost(full, noIdem), 0.15));
        // PostgreSQL is credited with its best writer count (1, 4 or 16 connections); the processor likewise
        // with its best thread count (1 or 2 stream threads, one per core). Both rows are reported.
        double kafkaBest = Math.max(full, orZero(medianRate(throughput, "full-2threads")));
        targets.add(Target.atLeast("e. Kafka vs PostgreSQL (1,000 products)",
                "best of full, full-2threads / best PostgreSQL",
                pgBest.isPresent() ? kafkaBest / pgBest.getAsDouble() : Double.NaN, 5.0));
        targets.add(Target.atMost("c. HTTP p99 at 1,000 req/s, commit " + tunedCommitMs + " ms", "p99 (ms)", p99, 50.0));
        targets.add(Target.atLeast("e, one stream thread", "full / best PostgreSQL",
                pgBest.isPresent() ? full / pgBest.getAsDouble() : Double.NaN, 5.0));
        return targets;
    }
}
