package dev.versioned.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured, as written to {@code results.json} and rendered to markdown.
 *
 * @param machine cores, memory, JDK, OS, and the other JVMs that were running at the start
 * @param capacity part c's sustainable capacity search (every run, the probes, the reference rate)
 * @param hotRowSplits part d (a): one writer's cycle on a hot product, split into its parts
 * @param postgres PostgreSQL's hot-row runs (part d's workload over JDBC)
 * @param postgresAggregate part e over 1,000 products: the search for the best connection count (round 0) and the rounds
 * @param ratios the throughput ratios of parts a and b, each taken per round
 * @param seed the seed of the rounds' shuffled orders (BENCH_SEED repeats them)
 * @param notes what went wrong or was skipped (e.g. PostgreSQL could not start), in plain words
 */
public record BenchResults(
        String mode,
        String startedAt,
        double totalSeconds,
        Map<String, String> machine,
        double producerRate,
        List<ThroughputResult> throughput,
        List<LatencyResult> latency,
        List<HttpCapacity> capacity,
        List<HotRowCycle.Split> hotRowSplits,
        List<ContentionResult> contention,
        List<ContentionResult> postgres,
        List<PostgresResult> postgresAggregate,
        List<PairedRatio> ratios,
        long seed,
        SerdeCost.Cost serdeCost,
        IdempotencyLookupCost.Cost lookupCost,
        List<Target> targets,
        List<String> notes) {}
