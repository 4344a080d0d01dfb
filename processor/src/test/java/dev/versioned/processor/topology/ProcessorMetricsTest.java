package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.schemas.UpdateRequest;
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

    @Test
    @DisplayName("applied, conflicts, replays, rejections by code and dead letters are counted")
    void countsOutcomes() {
        UpdateRequest create = UpdateRequest.set("store-1", "SKU-1", 1, 0, "k1");
        fixture.send(create);
        fixture.send(create); // replay
        fixture.send(UpdateRequest.adjust("store-1", "SKU-1", 1, 0, "k2")); // conflict
        fixture.send(UpdateRequest.adjust("store-1", "SKU-1", -5, 1, "k3")); // insufficient stock
        fixture.send(UpdateRequest.unconditionalAdjust("store-1", "SKU-1", 1, "k4")); // version required
        fixture.sendJson("SKU-1", "nope"); // dead letter + invalid

        assertThat(total("applied-total")).isEqualTo(1);
        assertThat(total("replayed-total")).isEqualTo(1);
        assertThat(total("rejected-version-conflict-total")).isEqualTo(1);
        assertThat(total("rejected-insufficient-stock-total")).isEqualTo(1);
        assertThat(total("rejected-version-required-total")).isEqualTo(1);
        assertThat(total("rejected-invalid-request-total")).isEqualTo(1);
        assertThat(total("dead-lettered-total")).isEqualTo(1);
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
