package dev.versioned.bench;

import java.util.List;
import java.util.Map;

/**
 * Everything one bench run measured, as written to {@code results.json} and rendered to markdown.
 *
 * @param machine cores, memory, JDK, OS, and the other JVMs that were running at the start
 * @param notes what went wrong or was skipped (e.g. PostgreSQL could not start), in plain words
 */
public record BenchResults(String mode, String startedAt, double totalSeconds, Map<String, String> machine,
                           double producerRate, List<ThroughputResult> throughput, List<LatencyResult> latency,
                           List<ContentionResult> contention, List<ContentionResult> postgres,
                           SerdeCost.Cost serdeCost,
                           IdempotencyLookupCost.Cost lookupCost, List<Target> targets, List<String> notes) {
}
