package dev.versioned.bench;

import java.util.Map;

/**
 * One throughput run (parts a, b): a variant drained {@code records} pre-produced requests in
 * {@code seconds}, in measured round {@code round} (1-based; warm-up runs are not kept).
 *
 * @param written data records per topic the run wrote, counted by reading them back (read_uncommitted, so
 *     records of aborted transactions would count too; none abort in a good run), label without the run's prefix
 * @param markers transaction markers per topic: end offset minus start offset minus the records read back
 *     (a marker takes an offset but is never returned to a consumer)
 * @param stateOnRequestPartition fraction of the state topic's records on the partition that murmur2 gives their
 *     productId, i.e. the partition of the request that made them (NaN when the run wrote no state topic)
 * @param appCpuUs CPU microseconds per input record that the bench JVM (the Streams application) used during
 *     the drain; {@code brokerCpuUs} the same for the broker: on 2 cores they say which side is the bottleneck
 * @param bytes bytes on the broker's disk per topic the run wrote ({@code describeLogDirs}: the run's own topics
 *     whole, the shared reply topic and input by what they grew during the run), by the labels of {@code written}
 */
public record ThroughputResult(
        String name,
        String kind,
        String description,
        int round,
        int records,
        double seconds,
        double recordsPerSecond,
        Map<String, Long> written,
        Map<String, Long> markers,
        double stateOnRequestPartition,
        double appCpuUs,
        double brokerCpuUs,
        Map<String, Long> bytes) {

    /** Records written to Kafka per input record, over every output topic and changelog (no markers). */
    public double writtenPerUpdate() {
        return written.values().stream().mapToLong(Long::longValue).sum() / (double) records;
    }

    /** Bytes on the broker's disk per input record, over the same topics. */
    public double bytesPerUpdate() {
        return bytes.values().stream().mapToLong(Long::longValue).sum() / (double) records;
    }

    /** Transaction markers per input record, over the same topics. */
    public double markersPerUpdate() {
        return markers.values().stream().mapToLong(Long::longValue).sum() / (double) records;
    }
}
