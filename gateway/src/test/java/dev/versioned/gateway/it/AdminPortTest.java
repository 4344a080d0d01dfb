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

/** Health checks and the Prometheus endpoint on the admin port (the metrics themselves: PrometheusMetricsTest). */
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
    @DisplayName(
            "given a running gateway, when /prometheus is fetched on the admin port, then it is Prometheus text with the gateway's series")
    void givenRunningGateway_whenPrometheusFetched_thenPrometheusText() {
        // when
        Http.Reply reply = new Http(APP.getAdminPort()).get("/prometheus");
        // then
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(reply.body())
                .contains("# TYPE gateway_requests_total counter")
                .contains("gateway_requests_total{outcome=\"applied\",status=\"200\"}")
                .contains("# TYPE gateway_request_duration_seconds histogram");
    }

    @Test
    @DisplayName("given a running gateway, when /prometheus is asked of the application port, then it is not there")
    void givenRunningGateway_whenPrometheusAskedOfApplicationPort_thenNotFound() {
        // when
        Http.Reply reply = new Http(APP.getLocalPort()).get("/prometheus");
        // then
        assertThat(reply.status()).isEqualTo(404);
    }
}
