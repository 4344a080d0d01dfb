package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.OpenApiContract;
import dev.versioned.gateway.support.Scrape;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The processor is down: 504 OUTCOME_UNKNOWN; after it is back, the retry with the same key applies once. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProcessorOutageTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("outage", "requestTimeout", "2s"));

    @Test
    @DisplayName("504 while the processor is stopped; the retry with the same key after its restart applies once")
    void timeoutThenSafeRetry() {
        Http http = new Http(APP.getLocalPort());
        String body = "{\"storeId\":\"store-1\",\"productId\":\"OUT-1\",\"quantity\":9,\"version\":0,"
                + "\"idempotencyKey\":\"outage-1\"}";
        // given the processor is stopped
        STACK.stopProcessor();
        // when an update is sent
        Http.Reply timedOut = http.post("/v1/inventory/updates", body, "X-API-Key", "demo");
        // then the gateway answers 504, a problem with the advice to retry with the same key, and when
        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(timedOut.header("Retry-After")).contains("1");
        assertThat(timedOut.json().at("/code").asText()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(timedOut.json().at("/detail").asText()).contains("same idempotency key");
        assertThat(timedOut.json().at("/idempotencyKey").asText()).isEqualTo("outage-1");
        OpenApiContract.assertConforms(timedOut);

        // when the processor is back and the caller retries with the same key
        STACK.startProcessor();
        // (retrying again while the restarted processor restores its stores is safe too)
        Http.Reply retried = await().atMost(Duration.ofSeconds(60))
                .until(() -> http.post("/v1/inventory/updates", body, "X-API-Key", "demo"), r -> r.status() != 504);
        // then the update stands once: the first request was applied on restart, the retry replays it
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("newVersion").asLong()).isEqualTo(1);
        assertThat(retried.json().get("newQuantity").asLong()).isEqualTo(9);
        assertThat(retried.header("Idempotent-Replayed")).contains("true");
        assertThat(http.get("/v1/inventory/OUT-1?minVersion=1", "X-API-Key", "demo")
                        .json()
                        .get("version")
                        .asLong())
                .isEqualTo(1);
        assertThat(Scrape.of(new Http(APP.getAdminPort()).get("/prometheus"))
                        .value("gateway_reply_timeouts_total")
                        .orElse(0))
                .isPositive();
    }
}
