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

    private Targets() {}

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
        return median(runs.stream()
                .filter(r -> r.name().equals(name))
                .mapToDouble(ThroughputResult::recordsPerSecond)
                .toArray());
    }

    /** Fraction of throughput lost to the checks: 1 - with / without. */
    public static double checksCost(double withChecks, double withoutChecks) {
        return 1 - withChecks / withoutChecks;
    }

    /** The throughput ratios of parts a and b, each taken per round. */
    static List<PairedRatio> ratios(List<ThroughputResult> tp) {
        return List.of(
                PairedRatio.of(
                        "a. processor vs passthrough",
                        "full / passthrough",
                        tp,
                        ThroughputBench.FULL,
                        ThroughputBench.PASSTHROUGH,
                        false),
                PairedRatio.of(
                        "processor vs the design's limit",
                        "full / fan-out",
                        tp,
                        ThroughputBench.FULL,
                        ThroughputBench.FAN_OUT,
                        false),
                PairedRatio.of(
                        "design's limit vs passthrough",
                        "fan-out / passthrough",
                        tp,
                        ThroughputBench.FAN_OUT,
                        ThroughputBench.PASSTHROUGH,
                        false),
                PairedRatio.of(
                        "b. cost of the checks",
                        "1 - full / no-idempotency",
                        tp,
                        ThroughputBench.FULL,
                        ThroughputBench.NO_IDEMPOTENCY,
                        true),
                PairedRatio.of(
                        "deployed design vs the one before",
                        "full / before",
                        tp,
                        ThroughputBench.FULL,
                        ThroughputBench.BEFORE,
                        false),
                PairedRatio.of(
                        "cost of the applied-key marker",
                        "1 - full / no-marker",
                        tp,
                        ThroughputBench.FULL,
                        ThroughputBench.NO_MARKER,
                        true));
    }

    /** The measured rounds (not the search) of one PostgreSQL configuration. */
    static List<PostgresResult> rounds(List<PostgresResult> pg, String config) {
        return pg.stream()
                .filter(r -> r.round() > 0 && r.config().equals(config))
                .toList();
    }

    /** full (Kafka) against a PostgreSQL configuration: not paired, PostgreSQL runs after the broker is stopped. */
    static PairedRatio kafkaVsPostgres(List<ThroughputResult> tp, List<PostgresResult> pg, String config) {
        return PairedRatio.unpaired(
                "Kafka vs PostgreSQL, " + config,
                "full / PostgreSQL (" + config + ", best connection count)",
                tp.stream().filter(r -> r.name().equals(ThroughputBench.FULL)).toList(),
                ThroughputResult::recordsPerSecond,
                rounds(pg, config),
                PostgresResult::goodput);
    }

    /** Records written to Kafka per applied update by the deployed design, transaction markers included (median run). */
    static double writesPerUpdate(List<ThroughputResult> tp) {
        return median(tp.stream()
                .filter(r -> r.name().equals(ThroughputBench.FULL))
                .mapToDouble(r -> r.writtenPerUpdate() + r.markersPerUpdate())
                .toArray());
    }

    /** Applied/s of the HTTP hot-product run with this many writers, conditional or not; NaN if not run. */
    static double hotRow(List<ContentionResult> contention, boolean conditional, int writers) {
        String workload = "hot product, " + (conditional ? "conditional" : "unconditional");
        return contention.stream()
                .filter(c ->
                        c.system().equals("kafka (HTTP)") && c.workload().equals(workload) && c.writers() == writers)
                .mapToDouble(ContentionResult::goodput)
                .findFirst()
                .orElse(Double.NaN);
    }

    /**
     * The benchmark's targets, each on figures of this run. PostgreSQL is credited with its best connection
     * count (searched) and the processor runs its product settings (one stream thread); the headline is
     * {@code synchronous_commit=off}, since the broker does not fsync either (fsync stays on), and the
     * other two PostgreSQL configurations are reported beside it without a goal.
     */
    public static List<Target> evaluate(
            List<ThroughputResult> throughput,
            List<PostgresResult> postgres,
            List<LatencyResult> latency,
            List<HttpCapacity> capacity,
            List<ContentionResult> contention,
            int tunedCommitMs) {
        List<PairedRatio> ratios = ratios(throughput);
        double p99 = latency.stream()
                .filter(l -> l.commitIntervalMs() == tunedCommitMs && l.targetRate() == 1_000)
                .mapToDouble(LatencyResult::p99)
                .findFirst()
                .orElse(Double.NaN);
        double sustained = capacity.stream()
                .filter(c -> c.commitMs() == tunedCommitMs)
                .mapToDouble(c -> c.capacity() < c.plan().low() ? 0 : c.capacity())
                .findFirst()
                .orElse(Double.NaN);
        List<Target> targets = new ArrayList<>();
        targets.add(Target.atLeast("a. processor vs the design's limit (fan-out)", ratios.get(1), 0.50));
        targets.add(Target.atLeast("a. processor vs passthrough", ratios.get(0), 0.30));
        targets.add(Target.atMost("b. cost of duplicate detection", ratios.get(3), 0.15));
        targets.add(Target.atMost(
                "b. records written per applied conditional update (markers included)",
                "records / update",
                writesPerUpdate(throughput),
                3.2));
        targets.add(Target.atLeast(
                "e. Kafka vs PostgreSQL (1,000 products, synchronous_commit=off)",
                kafkaVsPostgres(throughput, postgres, PG_HEADLINE),
                3.0));
        targets.add(Target.reported(
                "e, PostgreSQL with synchronous_commit=on", kafkaVsPostgres(throughput, postgres, PG_SYNC)));
        targets.add(Target.reported(
                "e, PostgreSQL batched (" + PostgresBaseline.BATCH + " decisions per transaction)",
                kafkaVsPostgres(throughput, postgres, PG_BATCHED)));
        targets.add(Target.atLeast(
                "c. HTTP sustainable capacity, commit " + tunedCommitMs + " ms", "req/s", sustained, 3_000));
        targets.add(
                Target.atMost("c. HTTP p99 at 1,000 req/s, commit " + tunedCommitMs + " ms", "p99 (ms)", p99, 100.0));
        targets.add(Target.atLeast(
                "d. one hot product, one conditional writer (HTTP)", "applied/s", hotRow(contention, true, 1), 40));
        targets.add(Target.atLeast(
                "d. one hot product, 64 unconditional writers (HTTP)",
                "applied/s",
                hotRow(contention, false, 64),
                1_500));
        return targets;
    }
}
