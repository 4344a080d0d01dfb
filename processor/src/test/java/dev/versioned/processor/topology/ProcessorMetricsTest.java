package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import io.micrometer.core.instrument.Counter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProcessorMetricsTest extends TopologySpec {

    private double total(String name) {
        return fixture.driver().metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(ProcessorMetrics.GROUP)
                        && e.getKey().name().equals(name))
                .map(java.util.Map.Entry::getValue)
                .mapToDouble(m -> ((Number) ((Metric) m).metricValue()).doubleValue())
                .sum();
    }

    private double counted(String name, String tag, String value) {
        return fixture.meters.get(name).tag(tag, value).counter().count();
    }

    /** One of each: applied, replayed, conflict, insufficient stock, version required, invalid and dead-lettered. */
    private void sendOneOfEachOutcome() {
        UpdateRequest create = UpdateRequest.set("store-1", "SKU-1", 1, 0, "k1");
        fixture.send(create);
        fixture.send(create); // replay
        fixture.send(UpdateRequest.adjust("store-1", "SKU-1", 1, 0, "k2")); // conflict
        fixture.send(UpdateRequest.adjust("store-1", "SKU-1", -5, 1, "k3")); // insufficient stock
        fixture.send(UpdateRequest.unconditionalAdjust("store-1", "SKU-1", 1, "k4")); // version required
        fixture.sendJson("SKU-1", "nope"); // dead letter + invalid
    }

    @Test
    @DisplayName("applied, conflicts, replays, rejections by code and dead letters are counted")
    void countsOutcomes() {
        sendOneOfEachOutcome();

        assertThat(total("applied-total")).isEqualTo(1);
        assertThat(total("replayed-total")).isEqualTo(1);
        assertThat(total("rejected-version-conflict-total")).isEqualTo(1);
        assertThat(total("rejected-insufficient-stock-total")).isEqualTo(1);
        assertThat(total("rejected-version-required-total")).isEqualTo(1);
        assertThat(total("rejected-invalid-request-total")).isEqualTo(1);
        assertThat(total("dead-lettered-total")).isEqualTo(1);
    }

    @Test
    @DisplayName("the exported counters count the same events, a replay only as replayed")
    void exportedCountersCountTheSameEvents() {
        // given one request of each outcome
        sendOneOfEachOutcome();

        // then each outcome is counted once under its label, and nothing twice
        assertThat(counted(ProcessorMetrics.OUTCOMES, "outcome", "applied")).isEqualTo(1);
        assertThat(counted(ProcessorMetrics.OUTCOMES, "outcome", "replayed")).isEqualTo(1);
        assertThat(counted(ProcessorMetrics.OUTCOMES, "outcome", "version_conflict"))
                .isEqualTo(1);
        assertThat(counted(ProcessorMetrics.OUTCOMES, "outcome", "insufficient_stock"))
                .isEqualTo(1);
        assertThat(counted(ProcessorMetrics.OUTCOMES, "outcome", "version_required"))
                .isEqualTo(1);
        assertThat(counted(ProcessorMetrics.OUTCOMES, "outcome", "invalid_request"))
                .isEqualTo(1);
        assertThat(fixture.meters.get(ProcessorMetrics.OUTCOMES).counters().stream()
                        .mapToDouble(Counter::count)
                        .sum())
                .isEqualTo(6);
        assertThat(fixture.meters.get(ProcessorMetrics.DEAD_LETTERED).counter().count())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("every outcome, the dead letters and every boundary event are exported at zero before any request")
    void exportedSeriesExistAtZero() {
        // given no request at all

        // then every labelled series is there, at zero
        assertThat(fixture.meters.get(ProcessorMetrics.OUTCOMES).counters())
                .extracting(c -> c.getId().getTag("outcome"))
                .containsExactlyInAnyOrderElementsOf(Stream.concat(
                                Stream.of("replayed"),
                                Arrays.stream(ResultCode.values())
                                        .map(code -> code.name().toLowerCase(Locale.ROOT)))
                        .toList())
                .contains("applied", "version_conflict");
        assertThat(fixture.meters.get(ProcessorMetrics.BOUNDARY_EVENTS).counters())
                .extracting(c -> c.getId().getTag("event"))
                .containsExactlyInAnyOrder(
                        "forwarded_wrong_partition", "reply_skipped", "processing_failed", "given_up");
        assertThat(fixture.meters.getMeters())
                .allSatisfy(meter ->
                        assertThat(meter.measure().iterator().next().getValue()).isZero());
        assertThat(fixture.meters.get(ProcessorMetrics.DEAD_LETTERED).counter().count())
                .isZero();
    }

    @Test
    @DisplayName("metric names are what the README documents")
    void names() {
        assertThat(fixture.driver().metrics().keySet())
                .extracting(MetricName::name)
                .contains(
                        "applied-total",
                        "applied-rate",
                        "replayed-total",
                        "rejected-idempotency-key-reused-total",
                        "rejected-quantity-out-of-range-total",
                        "dead-lettered-total");
    }
}
