package dev.versioned.bench;

import java.util.Map;

/**
 * One throughput run (parts a, b): a variant drained {@code records} pre-produced requests in
 * {@code seconds}. {@code written} holds end-offset sums per output topic (transaction markers included).
 */
public record ThroughputResult(String name, String kind, String description, int records, double seconds,
                               double recordsPerSecond, Map<String, Long> written) {

    /** Records written to Kafka per input record, over every output topic and changelog. */
    public double writtenPerUpdate() {
        return written.values().stream().mapToLong(Long::longValue).sum() / (double) records;
    }
}
