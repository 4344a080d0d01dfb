package dev.versioned.faults;

import dev.versioned.schemas.TopicNames;
import dev.versioned.stack.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Takes one {@link Sample} per interval: the sends the {@link Timeline} recorded since the last one, each
 * processor's and gateway's Prometheus metrics, and every few intervals the heap after a full collection of
 * every child JVM.
 */
final class Sampler {

    private final ProcessStack stack;
    private final Timeline timeline;
    private final ChangelogEntries changelog;
    private final int heapEvery;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int cursor;
    private long lastNanos;
    private int taken;

    /** @param heapEvery measure the heap after GC every this many samples (it forces a full collection) */
    Sampler(ProcessStack stack, Timeline timeline, ChangelogEntries changelog, int heapEvery) {
        this.stack = stack;
        this.timeline = timeline;
        this.changelog = changelog;
        this.heapEvery = heapEvery;
        this.lastNanos = timeline.now();
    }

    Sample take() {
        long now = timeline.now();
        Timeline.Entry[] ended = timeline.from(cursor);
        cursor += ended.length;
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        long[] latencies = Arrays.stream(ended)
                .mapToLong(Timeline.Entry::latencyNanos)
                .sorted()
                .toArray();
        long decided = Arrays.stream(ended)
                .filter(e -> e.kind() == Timeline.Kind.DECIDED)
                .count();
        long unknown = Arrays.stream(ended)
                .filter(e -> e.kind() == Timeline.Kind.UNKNOWN)
                .count();

        Map<String, Long> entries = new LinkedHashMap<>();
        long lag = -1;
        int ready = 0;
        for (int i = 0; i < stack.processors.size(); i++) {
            Optional<PrometheusText> metrics = scrape(stack.processorMetrics(i));
            if (metrics.isEmpty()) {
                continue;
            }
            String name = stack.processors.get(i).name();
            PrometheusText m = metrics.get();
            m.sum("inventory_processor_idempotency_store_entries").ifPresent(v -> entries.put(name, (long) v));
            var processorLag =
                    m.sum("kafka_consumer_fetch_manager_records_lag", Map.of("topic", TopicNames.DEFAULTS.requests()));
            if (processorLag.isPresent()) {
                lag = Math.max(lag, 0) + (long) processorLag.getAsDouble();
            }
            if (m.sum("inventory_processor_ready").orElse(0) >= 1) {
                ready++;
            }
        }
        Map<String, Long> stateViewLag = new LinkedHashMap<>();
        for (int i = 0; i < stack.gateways.size(); i++) {
            String name = stack.gateways.get(i).name();
            scrape(stack.gatewayMetrics(i))
                    .flatMap(m -> boxed(m.sum("gateway_state_view_lag_records")))
                    .ifPresent(v -> stateViewLag.put(name, v));
        }
        Map<String, Long> heap = new LinkedHashMap<>();
        if (taken++ % heapEvery == heapEvery - 1) {
            for (ChildJvm child : stack.children()) {
                if (child.isAlive()) {
                    OptionalLong used = HeapAfterGc.of(child.pid());
                    if (used.isPresent()) {
                        heap.put(child.name(), used.getAsLong());
                    }
                }
            }
        }
        return new Sample(
                now / 1e9,
                ended.length / seconds,
                decided / seconds,
                unknown,
                percentile(latencies, 0.50),
                percentile(latencies, 0.99),
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6,
                changelog.size(),
                entries,
                lag,
                stateViewLag,
                heap,
                ready);
    }

    private static Optional<Long> boxed(java.util.OptionalDouble value) {
        return value.isPresent() ? Optional.of((long) value.getAsDouble()) : Optional.empty();
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds; 0 when there are none. */
    static double percentile(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    private Optional<PrometheusText> scrape(URI uri) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(PrometheusText.parse(response.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // down or restarting: absent from this sample
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
