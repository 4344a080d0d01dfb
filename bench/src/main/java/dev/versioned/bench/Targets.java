package dev.versioned.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arithmetic of the report: medians, ratios taken per round between runs of the same round, and the
 * benchmark's targets. Kept apart from the measuring code so that it can be unit tested.
 */
public final class Targets {

    /** The headline PostgreSQL configuration: one transaction per request, synchronous_commit off (fsync on). */
    static final String PG_HEADLINE = PostgresResult.config(1, false);
    static final String PG_SYNC = PostgresResult.config(1, true);
    static final String PG_BATCHED = PostgresResult.config(PostgresBaseline.BATCH, false);

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

    /** Fraction of throughput lost to the checks: 1 - with / without. */
    public static double checksCost(double withChecks, double withoutChecks) {
        return 1 - withChecks / withoutChecks;
    }

    /** The throughput ratios of parts a and b, each taken per round. */
    static List<PairedRatio> ratios(List<ThroughputResult> tp) {
        return List.of(
                PairedRatio.of("a. processor vs passthrough", "full / passthrough", tp, ThroughputBench.FULL,
                        ThroughputBench.PASSTHROUGH, false),
                PairedRatio.of("processor vs the design's limit", "full / fan-out", tp, ThroughputBench.FULL,
                        ThroughputBench.FAN_OUT, false),
                PairedRatio.of("design's limit vs passthrough", "fan-out / passthrough", tp, ThroughputBench.FAN_OUT,
                        ThroughputBench.PASSTHROUGH, false),
                PairedRatio.of("b. cost of the checks", "1 - full / no-idempotency", tp, ThroughputBench.FULL,
                        ThroughputBench.NO_IDEMPOTENCY, true),
                PairedRatio.of("deployed design vs the one before", "full / before", tp, ThroughputBench.FULL,
                        ThroughputBench.BEFORE, false));
    }

    /** The measured rounds (not the search) of one PostgreSQL configuration. */
    static List<PostgresResult> rounds(List<PostgresResult> pg, String config) {
        return pg.stream().filter(r -> r.round() > 0 && r.config().equals(config)).toList();
    }

    /** full (Kafka) against a PostgreSQL configuration: not paired, PostgreSQL runs after the broker is stopped. */
    static PairedRatio kafkaVsPostgres(List<ThroughputResult> tp, List<PostgresResult> pg, String config) {
        return PairedRatio.unpaired("Kafka vs PostgreSQL, " + config, "full / PostgreSQL (" + config + ", best connection count)",
                tp.stream().filter(r -> r.name().equals(ThroughputBench.FULL)).toList(), ThroughputResult::recordsPerSecond,
                rounds(pg, config), PostgresResult::goodput);
    }

    public static List<Target> evaluate(List<ThroughputResult> throughput, List<PostgresResult> postgres,
                                        List<LatencyResult> latency, int tunedCommitMs) {
        List<PairedRatio> ratios = ratios(throughput);
        double p99 = latency.stream().filter(l -> l.commitIntervalMs() == tunedCommitMs && l.targetRate() == 1_000)
                .mapToDouble(LatencyResult::p99).findFirst().orElse(Double.NaN);
        List<Target> targets = new ArrayList<>();
        targets.add(Target.atLeast("a. processor vs passthrough", ratios.get(0), 0.50));
        targets.add(Target.atMost("b. cost of the checks", ratios.get(3), 0.15));
        // PostgreSQL is credited with its best connection count (searched), the processor runs its product
        // settings (one stream thread). The headline is synchronous_commit=off: the broker does not fsync
        // either (it acknowledges from the page cache); fsync stays on.
        targets.add(Target.atLeast("e. Kafka vs PostgreSQL (1,000 products)", kafkaVsPostgres(throughput, postgres, PG_HEADLINE), 5.0));
        targets.add(Target.atMost("c. HTTP p99 at 1,000 req/s, commit " + tunedCommitMs + " ms", "p99 (ms)", p99, 50.0));
        targets.add(Target.atLeast("e, PostgreSQL with synchronous_commit=on", kafkaVsPostgres(throughput, postgres, PG_SYNC), 5.0));
        targets.add(Target.atLeast("e, PostgreSQL batched (" + PostgresBaseline.BATCH + " decisions per transaction)",
                kafkaVsPostgres(throughput, postgres, PG_BATCHED), 5.0));
        return targets;
    }
}
