package dev.versioned.bench;

import java.util.Map;

/**
 * One open-loop HTTP run (part c). Latencies in milliseconds, measured from each request's intended
 * send time (so a stalled sender or server cannot hide its queueing: coordinated omission corrected).
 *
 * @param errors requests that did not get a 200 (other statuses, exceptions, no answer in time)
 * @param achievedRate answers per second over the measurement window
 * @param maxSendLagMs how far the sender fell behind its schedule at worst
 * @param answeredPerSecond the real answer rate: answers (any status) / (time from the first send until the last answer)
 * @param unanswered requests with no answer by the client's timeout (12 s) or by the end of the run
 * @param stoppedAfterSeconds when the run was stopped early as clearly failing; 0 when it ran its course
 */
public record LatencyResult(
        String stack,
        int commitIntervalMs,
        int targetRate,
        long sent,
        long ok,
        long errors,
        double p50,
        double p99,
        double p999,
        double max,
        double achievedRate,
        double maxSendLagMs,
        Map<String, Long> statuses,
        Map<String, Double> cpuUsPerRequest,
        double answeredPerSecond,
        long unanswered,
        double stoppedAfterSeconds) {

    /** A run that ran its course and whose answers are all counted in {@code achievedRate}. */
    public LatencyResult(
            String stack,
            int commitIntervalMs,
            int targetRate,
            long sent,
            long ok,
            long errors,
            double p50,
            double p99,
            double p999,
            double max,
            double achievedRate,
            double maxSendLagMs,
            Map<String, Long> statuses,
            Map<String, Double> cpuUsPerRequest) {
        this(
                stack,
                commitIntervalMs,
                targetRate,
                sent,
                ok,
                errors,
                p50,
                p99,
                p999,
                max,
                achievedRate,
                maxSendLagMs,
                statuses,
                cpuUsPerRequest,
                achievedRate,
                0,
                0);
    }
}
