package dev.versioned.gateway.health;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own metrics, registered in Dropwizard's registry (admin {@code /metrics}) and exported
 * by the Prometheus bridge (admin {@code /prometheus}):
 * <ul>
 *   <li>{@code gateway.requests.<outcome>}: meter per update outcome, e.g. {@code applied},
 *       {@code version_conflict}, {@code outcome_unknown}, {@code kafka_unavailable}, {@code overloaded}
 *       (Prometheus: {@code gateway_requests_applied_total}; one metric per outcome, because the
 *       1.4.x bridge's label mapper cannot merge several meters into one labelled family);</li>
 *   <li>{@code gateway.conflicts}, {@code gateway.replays}, {@code gateway.timeouts}: meters;</li>
 *   <li>{@code gateway.latency}: timer (histogram) of the Kafka round trip, send to reply;</li>
 *   <li>{@code gateway.replies.late}: replies that arrived after their caller gave up;</li>
 *   <li>{@code gateway.pending}: gauge of requests waiting for a reply (registered by the client).</li>
 * </ul>
 */
public final class GatewayMetrics {

    public static final String REQUESTS = "gateway.requests";

    private final MetricRegistry registry;
    private final Meter conflicts;
    private final Meter replays;
    private final Meter timeouts;
    private final Meter lateReplies;
    private final Timer latency;

    public GatewayMetrics(MetricRegistry registry) {
        this.registry = registry;
        this.conflicts = registry.meter("gateway.conflicts");
        this.replays = registry.meter("gateway.replays");
        this.timeouts = registry.meter("gateway.timeouts");
        this.lateReplies = registry.meter("gateway.replies.late");
        this.latency = registry.timer("gateway.latency");
    }

    /** Counts one update by its outcome code (a result code or a gateway error code). */
    public void outcome(String code) {
        registry.meter(REQUESTS + "." + code.toLowerCase(Locale.ROOT)).mark();
        switch (code) {
            case "VERSION_CONFLICT" -> conflicts.mark();
            case "OUTCOME_UNKNOWN" -> timeouts.mark();
            default -> {}
        }
    }

    public void replayed() {
        replays.mark();
    }

    public void lateReply() {
        lateReplies.mark();
    }

    public void roundTrip(long nanos) {
        latency.update(nanos, TimeUnit.NANOSECONDS);
    }

    public MetricRegistry registry() {
        return registry;
    }
}
