package dev.versioned.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.JerseyRegistrations;
import dev.versioned.gateway.auth.ApiKeyAuthenticator;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.auth.RateLimits;
import dev.versioned.gateway.config.ApiKeyConfig;
import dev.versioned.gateway.kafka.DocumentReader;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.gateway.support.OpenApiContract;
import dev.versioned.schemas.DocumentRequest;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The document resource alone, its Kafka side and view stubs: the answers a real stack gives only under faults
 * (no decision, Kafka refusing, the pending bound full, the view loading), checked against the API description.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DocumentResourceTest {

    private static final AtomicReference<Outcome> ANSWER = new AtomicReference<>();
    private static final List<DocumentRequest> SENT = new ArrayList<>();
    private static volatile boolean viewReady = true;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final DocumentReader READER = DocumentReader.empty(() -> viewReady);

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private static final ResourceExtension RESOURCES = resources();

    private static ResourceExtension resources() {
        ResourceExtension.Builder builder = ResourceExtension.builder().setRegisterDefaultExceptionMappers(false);
        GatewayMetrics metrics = new GatewayMetrics(METERS);
        metrics.documentCollections(Set.of("wallets"));
        AuthRefusals refusals = new AuthRefusals(metrics);
        ApiKeyConfig wallets = new ApiKeyConfig("k1", "wallets-only", List.of());
        wallets.setCollections(List.of("wallets"));
        ApiKeyAuthFilter keys =
                ApiKeyAuthFilter.create(new ApiKeyAuthenticator(List.of(wallets)), new RateLimits(), refusals);
        JerseyRegistrations.register(
                builder::addProvider,
                keys,
                new InventoryResource(
                        (requests, timeout) -> List.of(),
                        null,
                        new RequestLimits(Duration.ofSeconds(1), Duration.ofMillis(10), 1024, 3),
                        refusals),
                metrics);
        JerseyRegistrations.registerDocuments(
                builder::addProvider,
                new DocumentResource(
                        (request, timeout) -> {
                            synchronized (SENT) {
                                SENT.add(request);
                            }
                            return ANSWER.get();
                        },
                        READER,
                        new RequestLimits(Duration.ofSeconds(1), Duration.ofMillis(10), 1024, 3),
                        Set.of("wallets"),
                        1024,
                        refusals),
                metrics);
        return builder.build();
    }

    @BeforeEach
    void reset() {
        SENT.clear();
        viewReady = true;
        ANSWER.set(new Outcome.Unknown("no decision arrived within 1000 ms"));
    }

    @Test
    @DisplayName("given no decision in time, when a wallet is created, then 504 OUTCOME_UNKNOWN naming the document")
    void givenNoDecision_whenCreated_thenOutcomeUnknown() throws IOException {
        // when
        Reply reply = put("{\"name\":\"Ada\",\"balance\":1}", "If-None-Match", "*");
        // then
        assertThat(reply.status).isEqualTo(504);
        assertThat(reply.json.get("code").asText()).isEqualTo("OUTCOME_UNKNOWN");
        assertThat(reply.json.get("collection").asText()).isEqualTo("wallets");
        assertThat(reply.json.get("idempotencyKey").asText()).isEqualTo("key-1");
        assertThat(reply.response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(SENT).hasSize(1);
        reply.assertConforms("PUT");
    }

    @Test
    @DisplayName("given Kafka refusing the send, when a wallet is patched, then 503 KAFKA_UNAVAILABLE")
    void givenKafkaRefusing_whenPatched_thenKafkaUnavailable() throws IOException {
        // given
        ANSWER.set(new Outcome.NotWritten("Kafka did not accept the request: TimeoutException"));
        // when
        Reply reply = send("PATCH", "{\"balance\":2}", "application/merge-patch+json", "If-Match", "\"1\"");
        // then
        assertThat(reply.status).isEqualTo(503);
        assertThat(reply.json.get("code").asText()).isEqualTo("KAFKA_UNAVAILABLE");
        reply.assertConforms("PATCH");
    }

    @Test
    @DisplayName("given the pending bound full, when a wallet is deleted, then 429 OVERLOADED")
    void givenPendingBoundFull_whenDeleted_thenOverloaded() throws IOException {
        // given
        ANSWER.set(new Outcome.Shed("too many requests are waiting for a reply (limit 1)"));
        // when
        Reply reply = send("DELETE", null, null, "If-Match", "\"3\"");
        // then
        assertThat(reply.status).isEqualTo(429);
        assertThat(reply.json.get("code").asText()).isEqualTo("OVERLOADED");
        reply.assertConforms("DELETE");
    }

    @Test
    @DisplayName("given the document view still loading, when a wallet is read, then 503 VIEW_NOT_READY")
    void givenViewLoading_whenRead_thenViewNotReady() throws IOException {
        // given
        viewReady = false;
        // when
        Response response = request().get();
        Reply reply = Reply.of(response, "/v1/collections/wallets/w-1");
        // then
        assertThat(reply.status).isEqualTo(503);
        assertThat(reply.json.get("code").asText()).isEqualTo("VIEW_NOT_READY");
        reply.assertConforms("GET");
    }

    @Test
    @DisplayName("given a merge patch of a pretty-printed wallet under the limit, when sent, then it is measured"
            + " compact and sent")
    void givenPrettyPrintedPatchUnderTheLimit_whenSent_thenMeasuredCompactAndSent() throws IOException {
        // given a patch whose spaces take it over 1024 bytes, while its compact form is under
        String pretty = "{" + " ".repeat(1500) + "\"balance\" : 2 }";
        // when
        Reply reply = send("PATCH", pretty, "application/merge-patch+json", "If-Match", "\"1\"");
        // then it was sent (and answered as the stub says)
        assertThat(reply.status).isEqualTo(504);
        assertThat(SENT)
                .singleElement()
                .satisfies(
                        r -> assertThat(r.patch().orElseThrow().get("balance").asInt())
                                .isEqualTo(2));
    }

    @Test
    @DisplayName("given an unknown outcome, when counted, then the document metric names the collection and 504")
    void givenUnknownOutcome_whenCounted_thenCollectionAndStatusLabelled() throws IOException {
        // given
        double before = METERS.get("gateway.document.requests")
                .tags("collection", "wallets", "outcome", "outcome_unknown", "status", "504")
                .counter()
                .count();
        // when
        put("{\"name\":\"Ada\",\"balance\":1}", "If-None-Match", "*");
        // then
        assertThat(METERS.get("gateway.document.requests")
                        .tags("collection", "wallets", "outcome", "outcome_unknown", "status", "504")
                        .counter()
                        .count())
                .isEqualTo(before + 1);
    }

    private static Invocation.Builder request() {
        return RESOURCES
                .target("/v1/collections/wallets/w-1")
                .request(MediaType.APPLICATION_JSON_TYPE)
                .header("X-API-Key", "k1");
    }

    private static Reply put(String body, String... headers) throws IOException {
        return send("PUT", body, MediaType.APPLICATION_JSON, headers);
    }

    private static Reply send(String method, String body, String contentType, String... headers) throws IOException {
        Invocation.Builder builder = request().header("Idempotency-Key", "key-1");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        Response response = body == null
                ? builder.method(method)
                : builder.build(method, Entity.entity(body, contentType)).invoke();
        return Reply.of(response, "/v1/collections/wallets/w-1");
    }

    /** An answer, its body read once. */
    private record Reply(Response response, String path, int status, String text, JsonNode json) {

        static Reply of(Response response, String path) throws IOException {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Reply(response, path, response.getStatus(), text, text.isEmpty() ? null : JSON.readTree(text));
        }

        void assertConforms(String method) {
            OpenApiContract.assertConforms(
                    method, path, status, name -> Optional.ofNullable(response.getHeaderString(name)), text, json);
        }
    }
}
