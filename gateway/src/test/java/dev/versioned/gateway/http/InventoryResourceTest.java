package dev.versioned.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.JerseyRegistrations;
import dev.versioned.gateway.auth.ApiKeyAuthenticator;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.auth.RateLimits;
import dev.versioned.gateway.config.ApiKeyConfig;
import dev.versioned.gateway.kafka.RecordReader;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The resource alone: HTTP mapping of outcomes, auth and input handling. The Kafka side is a stub that
 * answers what each test sets; the real request/reply is covered by the integration tests.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class InventoryResourceTest {

    private static final AtomicReference<Function<UpdateRequest, Outcome>> ANSWER = new AtomicReference<>();
    private static final List<UpdateRequest> SENT = new ArrayList<>();
    private static volatile boolean viewReady = true;

    private static final RecordReader READER = new RecordReader() {
        @Override
        public boolean isCaughtUp() {
            return viewReady;
        }

        @Override
        public Optional<InventoryRecord> get(RecordKey key) {
            return key.productId().equals("P-1")
                    ? Optional.of(
                            new InventoryRecord(key.storeId(), "P-1", 4, 3, Instant.parse("2026-01-01T00:00:00Z")))
                    : Optional.empty();
        }

        @Override
        public Optional<InventoryRecord> awaitVersion(RecordKey key, long minVersion, Duration maxWait) {
            return get(key);
        }

        @Override
        public List<InventoryRecord> list(String storeId, Optional<String> afterProductId, int limit) {
            return afterProductId.isPresent()
                    ? List.of()
                    : get(new RecordKey(storeId, "P-1")).stream().toList();
        }
    };

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private static final ResourceExtension RESOURCES = resources();

    /** The application's own Jersey registrations, around a resource whose Kafka side is the stub above. */
    private static ResourceExtension resources() {
        ResourceExtension.Builder builder = ResourceExtension.builder().setRegisterDefaultExceptionMappers(false);
        GatewayMetrics metrics = new GatewayMetrics(METERS);
        AuthRefusals refusals = new AuthRefusals(metrics);
        JerseyRegistrations.register(
                builder::addProvider,
                ApiKeyAuthFilter.create(
                        new ApiKeyAuthenticator(List.of(
                                new ApiKeyConfig("k1", "one", List.of("store-1")),
                                new ApiKeyConfig("kall", "all", List.of("*")))),
                        new RateLimits(),
                        refusals),
                new InventoryResource(
                        (requests, timeout) -> {
                            synchronized (SENT) {
                                SENT.addAll(requests);
                            }
                            return requests.stream()
                                    .map(r -> ANSWER.get().apply(r))
                                    .toList();
                        },
                        READER,
                        new RequestLimits(Duration.ofSeconds(1), Duration.ofMillis(10), 1024, 3),
                        refusals),
                metrics);
        return builder.build();
    }

    /** How many updates were answered with this outcome and status so far. */
    private static double answered(String outcome, int status) {
        return METERS.get("gateway.requests")
                .tags("outcome", outcome, "status", String.valueOf(status))
                .counter()
                .count();
    }

    @BeforeEach
    void reset() {
        SENT.clear();
        viewReady = true;
        ANSWER.set(r -> new Outcome.Decided(UpdateResult.applied(
                r,
                Optional.of("c"),
                new InventoryRecord(r.storeId(), r.productId(), 5, 1, Instant.parse("2026-01-01T00:00:00Z")))));
    }

    private static Invocation.Builder request(String path, String key) {
        Invocation.Builder builder = RESOURCES.target(path).request(MediaType.APPLICATION_JSON_TYPE);
        return key == null ? builder : builder.header("X-API-Key", key);
    }

    private static Response post(String body, String key, String... headers) {
        Invocation.Builder builder = request("/v1/inventory/updates", key);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE));
    }

    /** A batch of an item "a", an item "b" and an invalid item "c" (its quantity is text). */
    private static final String MIXED_BATCH = "{\"storeId\":\"store-1\",\"updates\":["
            + "{\"productId\":\"a\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"1\"},"
            + "{\"productId\":\"b\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"2\"},"
            + "{\"productId\":\"c\",\"quantity\":\"one\",\"version\":0,\"idempotencyKey\":\"3\"}]}";

    /** No decision comes for this product; the others are answered as before. */
    private static void noDecisionFor(String productId) {
        Function<UpdateRequest, Outcome> before = ANSWER.get();
        ANSWER.set(r -> r.productId().equals(productId)
                ? new Outcome.Unknown("no decision arrived within 1000 ms")
                : before.apply(r));
    }

    private static final String VALID =
            "{\"storeId\":\"store-1\",\"productId\":\"P-1\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"k\"}";

    @Test
    @DisplayName("no X-API-Key: 401 in the error shape, nothing sent")
    void unauthorized() {
        Response response = post(VALID, null);
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.readEntity(JsonNode.class).at("/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(response.getHeaderString("WWW-Authenticate")).startsWith("ApiKey");
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("a store outside the key's scope: 403, nothing sent")
    void forbidden() {
        Response response = post(VALID.replace("store-1", "store-2"), "k1");
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("an oversized body: 400, nothing sent")
    void oversized() {
        Response response = post("{\"storeId\":\"" + "x".repeat(5000) + "\"}", "k1");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.readEntity(JsonNode.class).at("/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("an Idempotency-Key header that contradicts the body: 400")
    void contradictoryHeader() {
        Response response = post(VALID, "k1", "Idempotency-Key", "other");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("an unknown outcome: 504 OUTCOME_UNKNOWN advising a retry with the same key")
    void outcomeUnknown() {
        ANSWER.set(r -> new Outcome.Unknown("no decision arrived within 1000 ms"));
        Response response = post(VALID, "k1");
        assertThat(response.getStatus()).isEqualTo(504);
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.at("/code").asText()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(body.at("/detail").asText()).contains("same idempotency key");
    }

    @Test
    @DisplayName(
            "an unreadable reply is an unknown outcome too: 504 OUTCOME_UNKNOWN saying the reply could not be read")
    void givenUnreadableReply_whenUpdating_then504OutcomeUnknown() {
        ANSWER.set(r -> new Outcome.Unknown(
                "the processor's reply could not be read (bad JSON): the update may have" + " been applied",
                Outcome.Unknown.Kind.UNREADABLE_REPLY));
        Response response = post(VALID, "k1");
        assertThat(response.getStatus()).isEqualTo(504);
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.at("/code").asText()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(body.at("/detail").asText())
                .contains("reply could not be read")
                .contains("same idempotency key");
    }

    @Test
    @DisplayName("a request Kafka did not take: 503 KAFKA_UNAVAILABLE with Retry-After")
    void notWritten() {
        ANSWER.set(r -> new Outcome.NotWritten("Kafka did not accept the request"));
        Response response = post(VALID, "k1");
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
    }

    @Test
    @DisplayName("a batch whose items Kafka all refused: 503 for the whole batch")
    void batchNotWritten() {
        ANSWER.set(r -> new Outcome.NotWritten("down"));
        Response response = post(
                "{\"storeId\":\"store-1\",\"updates\":[{\"productId\":\"a\",\"quantity\":1,"
                        + "\"version\":0,\"idempotencyKey\":\"1\"}]}",
                "k1");
        assertThat(response.getStatus()).isEqualTo(503);
    }

    @Test
    @DisplayName(
            "given a batch with an applied, an unknown and an invalid item, when answered, then the summary counts the unknown apart from the failed")
    void givenMixedBatch_whenAnswered_thenSummaryCountsUnknownApart() {
        // given the processor applies "a" and no decision comes for "b"; "c" is invalid
        noDecisionFor("b");
        // when the batch is sent
        Response response = post(MIXED_BATCH, "k1");
        // then one succeeded, one failed for certain, and one is unknown (it may have been applied)
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.at("/summary/total").asInt()).isEqualTo(3);
        assertThat(body.at("/summary/succeeded").asInt()).isEqualTo(1);
        assertThat(body.at("/summary/failed").asInt()).isEqualTo(1);
        assertThat(body.at("/summary/unknown").asInt()).isEqualTo(1);
        assertThat(body.at("/results/1/code").asText()).isEqualTo("OUTCOME_UNKNOWN");
    }

    @Test
    @DisplayName("a batch larger than the limit: 400, nothing sent")
    void batchTooLarge() {
        String item = "{\"productId\":\"a\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"1\"}";
        Response response =
                post("{\"storeId\":\"store-1\",\"updates\":[" + String.join(",", item, item, item, item) + "]}", "k1");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("reads answer 503 VIEW_NOT_READY while the state view loads")
    void viewNotReady() {
        viewReady = false;
        Response response = request("/v1/inventory/P-1", "k1").get();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.readEntity(JsonNode.class).at("/code").asText()).isEqualTo("VIEW_NOT_READY");
    }

    @Test
    @DisplayName("a read answers the record with ETag = version and an ISO-8601 lastUpdated")
    void read() {
        Response response = request("/v1/inventory/P-1", "k1").get();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("ETag")).isEqualTo("\"3\"");
        assertThat(response.readEntity(JsonNode.class).get("lastUpdated").asText())
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    @DisplayName("an unexpected failure: 500 with an error id and no stack trace")
    void unexpected() {
        ANSWER.set(r -> {
            throw new IllegalStateException("boom at dev.versioned.Secret");
        });
        Response response = post(VALID, "k1");
        assertThat(response.getStatus()).isEqualTo(500);
        String body = response.readEntity(String.class);
        assertThat(body)
                .contains("INTERNAL_ERROR")
                .contains("errorId")
                .doesNotContain("boom")
                .doesNotContain("Secret");
    }

    @Test
    @DisplayName(
            "given no X-API-Key, when an update is refused by the key filter, then it is counted as unauthorized 401")
    void givenNoApiKey_whenUpdateRefused_thenCountedAsUnauthorized() {
        // given the count so far
        double before = answered("unauthorized", 401);
        // when an update comes without a key
        Response response = post(VALID, null);
        // then the filter's refusal, which the resource never sees, is counted
        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(answered("unauthorized", 401)).isEqualTo(before + 1);
    }

    @Test
    @DisplayName(
            "given a batch with an applied, an unknown and an invalid item, when answered, then each item is counted with its own status")
    void givenMixedBatch_whenAnswered_thenEachItemCountedWithItsStatus() {
        // given the processor applies "a" and no decision comes for "b"; "c" is invalid
        noDecisionFor("b");
        double appliedBefore = answered("applied", 200);
        double unknownBefore = answered("outcome_unknown", 504);
        double invalidBefore = answered("invalid_request", 400);
        // when the batch is answered (200 as a whole)
        Response response = post(MIXED_BATCH, "k1");
        // then each item counts once, with the status its code has as a single update
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(answered("applied", 200)).isEqualTo(appliedBefore + 1);
        assertThat(answered("outcome_unknown", 504)).isEqualTo(unknownBefore + 1);
        assertThat(answered("invalid_request", 400)).isEqualTo(invalidBefore + 1);
    }

    @Test
    @DisplayName("given an update, when it is answered, then its handling is timed once")
    void givenUpdate_whenAnswered_thenTimedOnce() {
        // given the updates timed so far
        long before = METERS.get("gateway.request.duration").timer().count();
        // when one update is answered
        post(VALID, "k1");
        // then one more duration is recorded
        assertThat(METERS.get("gateway.request.duration").timer().count()).isEqualTo(before + 1);
    }
}
