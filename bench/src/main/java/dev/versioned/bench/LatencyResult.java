package dev.versioned.bench;

import java.util.Map;

/**
 * One open-loop HTTP run (part c). Latencies in milliseconds, measured from each request's intended
 * send time (so a stalled sender or server cannot hide its queueing: coordinated omission corrected).
 *
 * @param errors requests that did not get a 200 (other statuses, exceptions, no answer in time)
 * @param achievedRate answers per second over the measurement window
 * @param maxSendLagMs how far the sender fell behind its schedule at worst
 */
public record LatencyResult(String stack, int commitIntervalMs, int targetRate, long sent, long ok, long errors,
                            double p50, double p99, double p999, double max, double achievedRate,
                            double maxSendLagMs, Map<String, Long> statuses, Map<String, Double> cpuUsPerRequest) {
}
