package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link InventoryClient} against a real local HTTP server that returns canned answers: which answers
 * make the client resend the same idempotency key as an unknown outcome, and which it may take as "nothing
 * was written". Only the gateway's own error codes ({@code OVERLOADED}, {@code KAFKA_UNAVAILABLE}) are
 * believed to mean nothing was written; a proxy's 502/503, a 500 or a 503 without the gateway's error body
 * may come after the request went through. The backoff runs on a {@link FakeClock}, so a 2 s deadline
 * allows a few sends without real waiting.
 */
class InventoryClientOverHttpTest {

    private static final String PROXY_PAGE = "<html><head><title>502 Bad Gateway</title></head>"
            + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    /** Not an answer: the server closes the connection after reading the request. */
    private static final Canned DROP = new Canned(0, "", "");

    private final FakeClock clock = new FakeClock();
    private final Queue<Canned> updates = new ConcurrentLinkedQueue<>();
    private final Queue<Canned> reads = new ConcurrentLinkedQueue<>();
    private final Queue<String> sentKeys = new ConcurrentLinkedQueue<>();
    private final Queue<String> observed = new ConcurrentLinkedQueue<>();
    private final Queue<String> unknownReasons = new ConcurrentLinkedQueue<>();
    private Canned afterScript;
    private HttpServer server;
    private InventoryClient client;

    /** One answer of the fake server. */
    private record Canned(int status, String contentType, String body, String retryAfter) {
        Canned(int status, String contentType, String body) {
            this(status, contentType, body, null);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/inventory/updates", exchange -> {
            JsonNode request =
                    WireFormat.mapper().readTree(exchange.getRequestBody().readAllBytes());
            sentKeys.add(request.path("idempotencyKey").asText());
            answer(exchange, next(updates));
        });
        server.createContext("/v1/inventory/", exchange -> answer(exchange, next(reads)));
        server.start();
        client = InventoryClient.builder()
                .baseUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .apiKey("test")
                .retryPolicy(RetryPolicy.builder()
                        .deadline(Duration.ofSeconds(2))
                        .clock(clock)
                        .jitter(() -> 1.0)
                        .build())
                .sendListener(new SendListener() {
                    @Override
                    public void sent(Send send, Outcome outcome) {
                        observed.add(send.request().idempotencyKey() + " "
                                + outcome.getClass().getSimpleName());
                        if (outcome instanceof Outcome.Unknown unknown) {
                            unknownReasons.add(unknown.reason());
                        }
                    }
                })
                .build();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    @DisplayName(
            "given a proxy's 502 with an HTML page, then the gateway's 200, when applying, then the same key is resent and applied")
    void givenProxy502ThenApplied_whenApplying_thenSameKeyResentAndApplied() {
        // given
        updates.add(new Canned(502, "text/html", PROXY_PAGE));
        updates.add(applied("k-1", 11, 4));
        // when
        Updated updated = client.apply(adjust("k-1"));
        // then
        assertThat(sentKeys).containsExactly("k-1", "k-1");
        assertThat(observed).containsExactly("k-1 Unknown", "k-1 Decided");
        assertThat(updated.resends()).isEqualTo(1);
        assertThat(updated.record().version()).isEqualTo(4);
    }

    @Test
    @DisplayName(
            "given only a proxy's 503 HTML page until the deadline, when applying, then the outcome is unknown, not unavailable")
    void givenProxy503HtmlUntilDeadline_whenApplying_thenOutcomeUnknown() {
        afterScript = new Canned(503, "text/html", "<html><body>503 Service Temporarily Unavailable</body></html>");

        assertUnknownAfterResends("k-2");
    }

    @Test
    @DisplayName(
            "given a 503 in JSON but without the gateway's error code until the deadline, when applying, then the outcome is unknown")
    void given503WithoutGatewayCode_whenApplying_thenOutcomeUnknown() {
        afterScript = new Canned(503, "application/json", "{\"message\":\"no healthy upstream\"}");

        assertUnknownAfterResends("k-3");
    }

    @Test
    @DisplayName("given an empty 503 until the deadline, when applying, then the outcome is unknown")
    void givenEmpty503_whenApplying_thenOutcomeUnknown() {
        afterScript = new Canned(503, "text/plain", "");

        assertUnknownAfterResends("k-4");
    }

    @Test
    @DisplayName("given 500 INTERNAL_ERROR until the deadline, when applying, then the outcome is unknown")
    void given500_whenApplying_thenOutcomeUnknown() {
        afterScript = gatewayError(500, "INTERNAL_ERROR");

        assertUnknownAfterResends("k-5");
    }

    @Test
    @DisplayName("given 504 OUTCOME_UNKNOWN until the deadline, when applying, then the outcome is unknown")
    void given504_whenApplying_thenOutcomeUnknown() {
        afterScript = gatewayError(504, "OUTCOME_UNKNOWN");

        assertUnknownAfterResends("k-6");
    }

    @Test
    @DisplayName(
            "given a 429 of a rate limiter (not the gateway's OVERLOADED) until the deadline, when applying, then the outcome is unknown")
    void givenForeign429_whenApplying_thenOutcomeUnknown() {
        afterScript = new Canned(429, "text/plain", "Too Many Requests");

        assertUnknownAfterResends("k-7");
    }

    @Test
    @DisplayName(
            "given the connection dropped without an answer, then the gateway's 200, when applying, then the same key is resent and applied")
    void givenConnectionLost_whenApplying_thenSameKeyResent() {
        updates.add(DROP);
        updates.add(applied("k-11", 11, 4));

        Updated updated = client.apply(adjust("k-11"));

        assertThat(sentKeys).containsExactly("k-11", "k-11");
        assertThat(observed).containsExactly("k-11 Unknown", "k-11 Decided");
        assertThat(unknownReasons).singleElement().asString().startsWith("no answer from the gateway");
        assertThat(updated.resends()).isEqualTo(1);
    }

    @Test
    @DisplayName(
            "given the gateway's 503 KAFKA_UNAVAILABLE until the deadline, when applying, then nothing was written: Unavailable")
    void givenKafkaUnavailable_whenApplying_thenUnavailable() {
        afterScript = gatewayError(503, "KAFKA_UNAVAILABLE");

        assertUnavailableAfterResends("k-8", "NotWritten");
    }

    @Test
    @DisplayName(
            "given the gateway's 429 OVERLOADED until the deadline, when applying, then nothing was written: Unavailable")
    void givenOverloaded_whenApplying_thenUnavailable() {
        afterScript = gatewayError(429, "OVERLOADED");

        assertUnavailableAfterResends("k-9", "Shed");
    }

    @Test
    @DisplayName(
            "given a proxy's 502 once, then only KAFKA_UNAVAILABLE, when applying, then the outcome stays unknown: the first send may have been applied")
    void givenProxy502ThenKafkaUnavailable_whenApplying_thenOutcomeUnknown() {
        updates.add(new Canned(502, "text/html", PROXY_PAGE));
        afterScript = gatewayError(503, "KAFKA_UNAVAILABLE");

        assertThatThrownBy(() -> client.apply(adjust("k-10"))).isInstanceOf(OutcomeUnknown.class);
    }

    @Test
    @DisplayName(
            "given a 409 conflict, then a 200, when updating, then a new attempt with a new key is computed from the conflict")
    void givenConflict_whenUpdating_thenNewKeyFromConflictState() {
        // given a record at version 3 with quantity 10, changed meanwhile to version 4 with quantity 7
        reads.add(
                new Canned(
                        200,
                        "application/json",
                        "{\"storeId\":\"store-1\",\"productId\":\"P\",\"quantity\":10,\"version\":3,\"lastUpdated\":\"2024-01-01T00:00:00Z\"}"));
        updates.add(new Canned(409, "application/problem+json", """
                {"type":"https://versioned.dev/problems/version-conflict","title":"Version conflict","status":409,
                 "detail":"version 3 is not current","code":"VERSION_CONFLICT",
                 "storeId":"store-1","productId":"P","idempotencyKey":"op-a1","applied":false,
                 "replayed":false,"expectedVersion":3,"currentVersion":4,"currentQuantity":7}"""));
        updates.add(applied("op-a2", 8, 5));
        // when
        Updated updated = client.update("store-1", "P", (q, v) -> Change.delta(1), "op");
        // then
        assertThat(sentKeys).containsExactly("op-a1", "op-a2");
        assertThat(updated.attempts()).isEqualTo(2);
        assertThat(updated.record().quantity()).isEqualTo(8);
    }

    @Test
    @DisplayName("given 503 VIEW_NOT_READY, then a proxy's 502, then the record, when reading, then the record is read")
    void givenViewNotReadyAndProxyError_whenReading_thenReadAgain() {
        reads.add(gatewayError(503, "VIEW_NOT_READY"));
        reads.add(new Canned(502, "text/html", PROXY_PAGE));
        reads.add(
                new Canned(
                        200,
                        "application/json",
                        "{\"storeId\":\"store-1\",\"productId\":\"P\",\"quantity\":10,\"version\":3,\"lastUpdated\":\"2024-01-01T00:00:00Z\"}"));

        Optional<InventoryRecord> record = client.read("store-1", "P");

        assertThat(record).map(InventoryRecord::version).contains(3L);
        assertThat(clock.sleeps).hasSize(2);
    }

    @Test
    @DisplayName("given the gateway's 404 NOT_FOUND, when reading, then the record is empty")
    void givenGatewayNotFound_whenReading_thenEmpty() {
        reads.add(gatewayError(404, "NOT_FOUND"));

        assertThat(client.read("store-1", "P")).isEmpty();
    }

    @Test
    @DisplayName(
            "given a 404 page of something in front of the gateway, when reading, then Invalid, not a record never written")
    void givenForeign404_whenReading_thenInvalid() {
        reads.add(new Canned(404, "text/html", "<html><body><h1>404 Not Found</h1></body></html>"));

        assertThatThrownBy(() -> client.read("store-1", "P"))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    @DisplayName(
            "given a 200 whose body is no result, then the gateway's 200, when applying, then the same key is resent: the first may have applied")
    void givenUnreadable200_whenApplying_thenSameKeyResent() {
        updates.add(new Canned(200, "text/html", "<html><body>OK</body></html>"));
        updates.add(applied("k-12", 11, 4));

        Updated updated = client.apply(adjust("k-12"));

        assertThat(sentKeys).containsExactly("k-12", "k-12");
        assertThat(observed).containsExactly("k-12 Unknown", "k-12 Decided");
        assertThat(updated.resends()).isEqualTo(1);
    }

    @Test
    @DisplayName("given 429 OVERLOADED with Retry-After: 1, when applying, then the resend waits that second, not less")
    void givenRetryAfter_whenApplying_thenTheResendWaitsThatLong() {
        // given a jitter that would resend at once, and a gateway that sheds once with Retry-After: 1
        client = clientWithJitter(0.0);
        updates.add(gatewayError(429, "OVERLOADED", "1"));
        updates.add(applied("k-ra", 11, 4));
        // when
        Updated updated = client.apply(adjust("k-ra"));
        // then one resend, after exactly the advised second
        assertThat(updated.record().version()).isEqualTo(4);
        assertThat(sentKeys).containsExactly("k-ra", "k-ra");
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    @DisplayName("given a 504 with Retry-After: 3600, when applying, then the wait is capped at maxRetryAfter")
    void givenHugeRetryAfter_whenApplying_thenTheWaitIsCapped() {
        // given a gateway whose 504 asks for an hour
        client = clientWithJitter(0.0);
        updates.add(gatewayError(504, "OUTCOME_UNKNOWN", "3600"));
        updates.add(applied("k-cap", 11, 4));
        // when, with a 2 s deadline and a 1 s cap
        Updated updated = client.apply(adjust("k-cap"));
        // then the resend came after the cap, within the deadline
        assertThat(updated.resends()).isEqualTo(1);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    private InventoryClient clientWithJitter(double jitter) {
        return InventoryClient.builder()
                .baseUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .apiKey("test")
                .retryPolicy(RetryPolicy.builder()
                        .deadline(Duration.ofSeconds(2))
                        .maxRetryAfter(Duration.ofSeconds(1))
                        .clock(clock)
                        .jitter(() -> jitter)
                        .build())
                .build();
    }

    private void assertUnknownAfterResends(String key) {
        assertThatThrownBy(() -> client.apply(adjust(key)))
                .isInstanceOfSatisfying(
                        OutcomeUnknown.class,
                        e -> assertThat(e.idempotencyKey()).isEqualTo(key));
        assertThat(sentKeys)
                .as("resent, always with the same key")
                .hasSizeGreaterThan(1)
                .containsOnly(key);
        assertThat(observed).containsOnly(key + " Unknown");
    }

    private void assertUnavailableAfterResends(String key, String outcome) {
        assertThatThrownBy(() -> client.apply(adjust(key))).isInstanceOf(Unavailable.class);
        assertThat(sentKeys).hasSizeGreaterThan(1).containsOnly(key);
        assertThat(observed).containsOnly(key + " " + outcome);
    }

    private static UpdateRequest adjust(String key) {
        return UpdateRequest.adjust("store-1", "P", 1, 3, key);
    }

    private static Canned gatewayError(int status, String code) {
        return gatewayError(status, code, null);
    }

    /** The gateway's problem for {@code code}, with {@code Retry-After} when not null. */
    private static Canned gatewayError(int status, String code, String retryAfter) {
        return new Canned(
                status,
                "application/problem+json",
                "{\"type\":\"https://versioned.dev/problems/"
                        + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + "\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"canned " + code
                        + "\",\"code\":\"" + code + "\"}",
                retryAfter);
    }

    private static Canned applied(String key, long quantity, long version) {
        return new Canned(
                200,
                "application/json",
                "{\"storeId\":\"store-1\",\"productId\":\"P\",\"idempotencyKey\":\""
                        + key + "\",\"applied\":true,\"code\":\"APPLIED\",\"replayed\":false,\"newQuantity\":"
                        + quantity
                        + ",\"newVersion\":" + version + ",\"lastUpdated\":\"2024-01-01T00:00:00Z\"}");
    }

    private Canned next(Queue<Canned> script) {
        Canned canned = script.poll();
        if (canned != null) {
            return canned;
        }
        return afterScript != null ? afterScript : new Canned(599, "text/plain", "test script exhausted");
    }

    private static void answer(HttpExchange exchange, Canned canned) throws IOException {
        if (canned == DROP) {
            exchange.close(); // before any response header: the client sees the connection end mid-request
            return;
        }
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", canned.contentType());
        if (canned.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", canned.retryAfter());
        }
        exchange.sendResponseHeaders(canned.status(), body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
