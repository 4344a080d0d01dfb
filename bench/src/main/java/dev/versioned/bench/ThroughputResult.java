package dev.versioned.bench;

import java.util.Map;

/**
 * One throughput run (parts a, b): a variant drained {@code records} pre-produced requests in
 * {@code seconds}. {@code written} holds end-offset sums per output topic (transaction markers included).
 * {@code appCpuUs} and {@code brokerCpuUs} are the CPU microseconds per input record that the bench JVM
 * (the Streams application) and the broker process used during the drain: on a 2-core machine they say
 * which side is the bottleneck.
 */
public record ThroughputResult(String name, String kind, String description, int records, double seconds,
                               double recordsPerSecond, Map<String, Long> written, double appCpuUs,
                               double brokerCpuUs) {

    /** Records written to Kafka per input record, over every output topic and changelog. */
    public double writtenPerUpdate() {
        return written.values().stream().mapToLong(Long::longValue).sum() / (double) records;
    }
}
