package dev.versioned.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Part c: POSTs at a fixed rate whatever the answers do (open loop). Request i is due at
 * {@code start + i / rate}; its latency is taken from that intended time, not from when it was actually
 * sent, and recorded in an HdrHistogram (microseconds). Every request creates its own product (version
 * 0), so each one applies (200) and no two requests conflict. A request unanswered 15 s after the end of
 * the window counts as an error with its elapsed time as latency.
 *
 * <p>The client is Jetty's asynchronous {@link HttpClient} (keep-alive, one connection per concurrent
 * request, up to {@link #MAX_CONNECTIONS}). It replaced the JDK's {@code java.net.http.HttpClient}, which
 * used about 600 µs of CPU per request here, a third of the machine at 1,000 req/s.
 *
 * <p>Limits: the load generator runs on the same 2 cores as broker, processor and gateway; at high rates
 * the sender itself can fall behind ({@code maxSendLagMs} says so; the latency still counts from the
 * schedule).
 */
final class OpenLoopHttp {

    private static final String API_KEY = "demo-all-stores";

    static final int MAX_CONNECTIONS = 2_048;
    static final String NO_ANSWER = "no answer";

    private final HttpClient client;
    private final String updates;

    OpenLoopHttp(String baseUrl) {
        this.client = new HttpClient();
        client.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        client.setMaxRequestsQueuedPerDestination(100_000);
        client.setConnectTimeout(5_000);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        this.updates = baseUrl + "/v1/inventory/updates";
    }

    /** Sends at {@code rate} for {@code duration} and records nothing: warms a new stack up. */
    void warmUp(int rate, Duration duration, String runId) throws InterruptedException {
        phase(rate, duration, runId, null, null);
    }

    /** @param pids the processes whose CPU time per request is reported (the bench JVM's own is added) */
    LatencyResult run(
            String stack,
            int commitMs,
            int rate,
            Duration warmup,
            Duration measure,
            String runId,
            Map<String, Long> pids)
            throws InterruptedException {
        phase(rate, warmup, runId + "w", null, null);
        return measure(stack, commitMs, rate, measure, runId, pids, null);
    }

    /**
     * One measured run without a warm-up of its own.
     *
     * @param stop ends the run early when it is clearly failing (null: never)
     */
    LatencyResult measure(
            String stack,
            int commitMs,
            int rate,
            Duration measure,
            String runId,
            Map<String, Long> pids,
            EarlyStop stop)
            throws InterruptedException {
        CpuClock cpu = new CpuClock(pids);
        ConcurrentHistogram histogram = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        Phase p = phase(rate, measure, runId, new Sink(histogram, statuses), stop);
        Map<String, Double> cpuPerRequest = cpu.usPer(p.sent);
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        long ok = counts.getOrDefault("200", 0L);
        long unanswered = counts.getOrDefault(NO_ANSWER, 0L) + counts.getOrDefault("TimeoutException", 0L);
        return new LatencyResult(
                stack,
                commitMs,
                rate,
                p.sent,
                ok,
                p.sent - ok,
                ms(histogram, 50),
                ms(histogram, 99),
                ms(histogram, 99.9),
                histogram.getMaxValue() / 1000.0,
                ok / (measure.toNanos() / 1e9),
                p.maxLagNanos / 1e6,
                counts,
                cpuPerRequest,
                p.answers / p.answeringSeconds,
                unanswered,
                p.stoppedAfterSeconds);
    }

    /** Stops sending once {@code after} has passed and p99 so far (or the backlog) exceeds {@code p99}. */
    record EarlyStop(Duration after, Duration p99) {}

    private record Sink(Histogram histogram, Map<String, AtomicLong> statuses) {
        void record(long latencyNanos, String status) {
            histogram.recordValue(Math.max(
                    1, Math.min(TimeUnit.NANOSECONDS.toMicros(latencyNanos), histogram.getHighestTrackableValue())));
            statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /**
     * @param answers answers received (any status)
     * @param answeringSeconds from the first send until the last answer
     * @param stoppedAfterSeconds when an {@link EarlyStop} ended the sending; 0 if it ran its course
     */
    private record Phase(
            long sent, long maxLagNanos, long answers, double answeringSeconds, double stoppedAfterSeconds) {}

    private Phase phase(int rate, Duration duration, String runId, Sink sink, EarlyStop stop)
            throws InterruptedException {
        long n = Math.max(1, rate * duration.toMillis() / 1000);
        double interval = 1e9 / rate;
        AtomicLong inFlight = new AtomicLong();
        AtomicLong answers = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        long maxLag = 0;
        long start = System.nanoTime();
        long sent = 0;
        double stoppedAfter = 0;
        for (long i = 0; i < n; i++) {
            if (stop != null && i % rate == 0 && i > 0 && failing(stop, start, rate, sink, inFlight.get())) {
                stoppedAfter = (System.nanoTime() - start) / 1e9;
                break;
            }
            long intended = start + (long) (i * interval);
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            maxLag = Math.max(maxLag, now - intended);
            String id = runId + "-" + i;
            String body = "{\"storeId\":\"store-1\",\"productId\":\"h" + id + "\",\"quantity\":10,\"version\":0,"
                    + "\"idempotencyKey\":\"k" + id + "\"}";
            Request request = client.newRequest(updates)
                    .method(HttpMethod.POST)
                    .timeout(12, TimeUnit.SECONDS)
                    .headers(h -> h.put("X-API-Key", API_KEY))
                    .body(new StringRequestContent("application/json", body));
            inFlight.incrementAndGet();
            request.send(result -> {
                if (sink != null) {
                    sink.record(
                            System.nanoTime() - intended,
                            result.isFailed()
                                    ? result.getFailure().getClass().getSimpleName()
                                    : String.valueOf(result.getResponse().getStatus()));
                }
                answers.incrementAndGet();
                lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
                inFlight.decrementAndGet();
            });
            sent++;
        }
        long end = start + (long) (sent * interval);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (sink != null && inFlight.get() > 0) {
            // Not answered: errors, at the longest latency they could have had.
            for (long i = inFlight.get(); i > 0; i--) {
                sink.record(System.nanoTime() - end, NO_ANSWER);
            }
        }
        return new Phase(sent, maxLag, answers.get(), Math.max(1e-9, (lastAnswer.get() - start) / 1e9), stoppedAfter);
    }

    /** p99 of the answers so far, or the backlog (in-flight requests as seconds of sending), over the limit. */
    private static boolean failing(EarlyStop stop, long start, int rate, Sink sink, long inFlight) {
        if (System.nanoTime() - start < stop.after().toNanos() || sink == null) {
            return false;
        }
        double limitUs = stop.p99().toNanos() / 1e3;
        return sink.histogram().getValueAtPercentile(99) > limitUs || inFlight / (double) rate * 1e6 > limitUs;
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    void close() {
        try {
            client.stop();
        } catch (Exception e) {
            System.err.println("stopping the HTTP client: " + e);
        }
    }
}
