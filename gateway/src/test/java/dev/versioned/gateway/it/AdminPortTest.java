package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Health checks and metrics on the admin port. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminPortTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("admin"));

    @Test
    @DisplayName("health checks report Kafka reachable, reply consumer assigned and state view caught up")
    void healthy() {
        Http.Reply reply = new Http(APP.getAdminPort()).get("/healthcheck");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/kafka/healthy").asBoolean()).isTrue();
        assertThat(reply.json().at("/reply-consumer/healthy").asBoolean()).isTrue();
        assertThat(reply.json().at("/state-view/healthy").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("outcomes, conflicts and the round-trip latency are exported in Prometheus text format")
    void prometheus() {
        // given one applied update and one conflict
        Http http = new Http(APP.getLocalPort());
        http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"M-1\",\"quantity\":1,\"version\":0,"
                        + "\"idempotencyKey\":\"m1\"}",
                "X-API-Key",
                "demo");
        http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"M-1\",\"quantity\":1,\"version\":0,"
                        + "\"idempotencyKey\":\"m2\"}",
                "X-API-Key",
                "demo");
        // when Prometheus scrapes the admin port
        Http.Reply reply = new Http(APP.getAdminPort()).get("/prometheus");
        // then the counters and the latency histogram are there
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body())
                .contains("gateway_requests_applied_total 1.0")
                .contains("gateway_requests_version_conflict_total 1.0")
                .contains("gateway_conflicts_total 1.0")
                .contains("gateway_latency{quantile=\"0.99\"}")
                .contains("gateway_latency_count 2")
                .contains("gateway_pending");
    }
}
