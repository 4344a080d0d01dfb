package dev.versioned.faults;

import java.util.Map;

/**
 * What the soak saw in one interval: the writers' sends and their latency, and the processes' own metrics.
 * Maps are by process name, in the stack's order; a process that did not answer is absent.
 *
 * @param seconds the end of the interval, in seconds since the load began
 * @param sendsPerSecond sends that ended in the interval (any outcome), per second
 * @param decidedPerSecond sends answered with a decision (replays included), per second
 * @param unknown sends whose outcome was unknown (the client resends them with the same key)
 * @param p99Millis the 99th percentile of the latency of the sends that ended in the interval
 * @param idempotencyLive the idempotency stores' live entries, counted from their changelog ({@link ChangelogEntries})
 * @param idempotencyEntries {@code inventory_processor_idempotency_store_entries} per processor
 * @param requestsLag {@code kafka_consumer_fetch_manager_records_lag} on the requests topic, over all processors
 * @param stateViewLag {@code gateway_state_view_lag_records} per gateway
 * @param heapAfterGc bytes in use after a full collection, per JVM; empty in the intervals it is not measured
 * @param processorsReady processors reporting {@code inventory_processor_ready} 1
 */
record Sample(
        double seconds,
        double sendsPerSecond,
        double decidedPerSecond,
        long unknown,
        double p50Millis,
        double p99Millis,
        double maxMillis,
        long idempotencyLive,
        Map<String, Long> idempotencyEntries,
        long requestsLag,
        Map<String, Long> stateViewLag,
        Map<String, Long> heapAfterGc,
        int processorsReady) {

    /** The metric's idempotency entries of every processor that answered. */
    long idempotencyTotal() {
        return idempotencyEntries.values().stream().mapToLong(Long::longValue).sum();
    }

    double minutes() {
        return seconds / 60;
    }
}
