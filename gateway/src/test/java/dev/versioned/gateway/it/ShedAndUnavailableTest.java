package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.OpenApiContract;
import dev.versioned.testkit.TestKafka;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Load shedding (429) and Kafka refusing the request (503, nothing written). No processor runs here. */
@ExtendWith(DropwizardExtensionsSupport.class)
class ShedAndUnavailableTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withoutProcessor();

    /** At most one pending request; nothing answers, so the first one waits out its deadline. */
    static final DropwizardAppExtension<GatewayConfiguration> FULL = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("full", "maxPendingRequests", "1", "requestTimeout", "3s"));

    /** Its requests topic does not exist (and the broker does not create topics): no metadata, no send. */
    static final DropwizardAppExtension<GatewayConfiguration> NO_TOPIC = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("no-topic", "kafka.topics.requests", TestKafka.unique("missing"), "requestTimeout", "2s"));

    @Test
    @DisplayName("when the pending requests are at their bound, a new request is shed: 429 OVERLOADED")
    void shedWhenFull() {
        Http http = new Http(FULL.getLocalPort());
        // given one request waiting for a reply that will not come
        CompletableFuture<Http.Reply> waiting = CompletableFuture.supplyAsync(() -> http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"S-1\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"s1\"}",
                "X-API-Key",
                "demo"));
        await().atMost(Duration.ofSeconds(2))
                .until(() ->
                        FULL.<GatewayApplication>getApplication().requestReply().pendingCount() == 1);
        // when another request comes
        Http.Reply shed = http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"S-2\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"s2\"}",
                "X-API-Key",
                "demo");
        // then it is refused at once, and the waiting one still ends with 504
        assertThat(shed.status()).isEqualTo(429);
        assertThat(shed.json().at("/code").asText()).isEqualTo("OVERLOADED");
        assertThat(shed.header("Retry-After")).contains("1");
        OpenApiContract.assertConforms(shed);
        assertThat(waiting.join().status()).isEqualTo(504);
    }

    @Test
    @DisplayName(
            "given each send blocks on missing metadata, when a batch of 10 is sent, then it is answered within its one deadline, every item unknown")
    void givenBlockingSends_whenBatchSent_thenAnsweredWithinOneDeadline() {
        // given a gateway whose every send waits max.block.ms (half its 2 s deadline) for metadata that never
        // comes: sent one after the other, 10 items would take 10 s
        Http http = new Http(NO_TOPIC.getLocalPort());
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            items.append(i == 0 ? "" : ",")
                    .append("{\"productId\":\"B-")
                    .append(i)
                    .append("\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"b")
                    .append(i)
                    .append("\"}");
        }
        // when the batch is sent
        long started = System.nanoTime();
        Http.Reply reply = http.post(
                "/v1/inventory/updates", "{\"storeId\":\"store-1\",\"updates\":[" + items + "]}", "X-API-Key", "demo");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        // then the answer comes by the deadline of the whole batch, and no item is called a failure
        assertThat(took).as("one deadline for the whole batch").isLessThan(Duration.ofSeconds(4));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().at("/summary/unknown").asInt()).isEqualTo(10);
        assertThat(reply.json().at("/summary/failed").asInt()).isZero();
        reply.json()
                .get("results")
                .forEach(item -> assertThat(item.get("code").asText()).isEqualTo("OUTCOME_UNKNOWN"));
        OpenApiContract.assertConforms(reply);
    }

    @Test
    @DisplayName("when Kafka cannot take the request, 503 KAFKA_UNAVAILABLE and nothing was written")
    void unavailableWhenNotWritten() {
        Http http = new Http(NO_TOPIC.getLocalPort());
        Http.Reply reply = http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"U-1\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"u1\"}",
                "X-API-Key",
                "demo");
        assertThat(reply.status()).as(reply.body()).isEqualTo(503);
        assertThat(reply.json().at("/code").asText()).isEqualTo("KAFKA_UNAVAILABLE");
        assertThat(reply.json().at("/detail").asText()).contains("nothing was written");
        OpenApiContract.assertConforms(reply);
    }
}
