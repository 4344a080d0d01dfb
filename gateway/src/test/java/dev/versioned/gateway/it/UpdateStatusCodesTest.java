package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every status code of a single update, against the real processor on the embedded broker. */
@ExtendWith(DropwizardExtensionsSupport.class)
class UpdateStatusCodesTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("status"));

    private Http http;
    private String product;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        product = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Http.Reply update(String body, String... headers) {
        return http.post("/v1/inventory/updates", body, Http.withKey("demo", headers));
    }

    private String item(long delta, long version, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":" + delta + ",\"version\":"
                + version + ",\"idempotencyKey\":\"" + key + "\"}";
    }

    private Http.Reply create(long quantity) {
        Http.Reply reply = update("{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"quantity\":" + quantity
                + ",\"version\":0,\"idempotencyKey\":\"create-" + product + "\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    @Test
    @DisplayName("an update at the current version is applied: 200 with the seed's field names and ETag")
    void appliedUpdate() {
        // given a record at version 1 holding 10
        create(10);
        // when adjusting by 5 at version 1
        Http.Reply reply = update(item(5, 1, "k-apply"));
        // then it is applied
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("productId").asText()).isEqualTo(product);
        assertThat(reply.json().get("newQuantity").asLong()).isEqualTo(15);
        assertThat(reply.json().get("newVersion").asLong()).isEqualTo(2);
        assertThat(reply.json().get("applied").asBoolean()).isTrue();
        assertThat(reply.json().has("lastUpdated")).isTrue();
        assertThat(reply.header("ETag")).contains("\"2\"");
        assertThat(reply.header("Idempotent-Replayed")).isEmpty();
    }

    @Test
    @DisplayName("a stale version is refused: 409 VERSION_CONFLICT with the current version and quantity")
    void versionConflict() {
        // given a record at version 1 holding 10
        create(10);
        // when adjusting at version 7
        Http.Reply reply = update(item(3, 7, "k-conflict"));
        // then 409, a problem with the current state as extension members and the current version as ETag
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(problemJson());
        assertThat(reply.header("ETag")).contains("\"1\"");
        assertThat(reply.json().at("/type").asText()).isEqualTo("https://versioned.dev/problems/version-conflict");
        assertThat(reply.json().at("/title").asText()).isEqualTo("Version conflict");
        assertThat(reply.json().at("/status").asInt()).isEqualTo(409);
        assertThat(reply.json().has("error")).isFalse();
        assertThat(reply.json().get("productId").asText()).isEqualTo(product);
        assertThat(reply.json().get("applied").asBoolean()).isFalse();
        assertThat(reply.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(reply.json().get("currentQuantity").asLong()).isEqualTo(10);
        assertThat(reply.json().at("/code").asText()).isEqualTo("VERSION_CONFLICT");
        assertThat(reply.json().at("/currentVersion").asLong()).isEqualTo(1);
        assertThat(reply.json().at("/detail").asText()).isNotBlank();
    }

    @Test
    @DisplayName("a stale version sent in If-Match is refused with 412")
    void ifMatchConflict() {
        // given a record at version 1
        create(10);
        // when the version comes in If-Match and is stale
        Http.Reply reply = update(
                "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":1,\"idempotencyKey\":\"k-412\"}",
                "If-Match",
                "\"5\"");
        // then 412, a problem with the conflict's details and the current version as ETag
        assertThat(reply.status()).isEqualTo(412);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(problemJson());
        assertThat(reply.header("ETag")).contains("\"1\"");
        assertThat(reply.json().at("/status").asInt()).isEqualTo(412);
        assertThat(reply.json().at("/code").asText()).isEqualTo("VERSION_CONFLICT");
        assertThat(reply.json().at("/currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("If-Match and Idempotency-Key headers stand in for version and idempotencyKey")
    void headersFillTheBody() {
        // given a record at version 1
        create(10);
        // when version and key come only as headers
        Http.Reply reply = update(
                "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":-4}",
                "If-Match",
                "\"1\"",
                "Idempotency-Key",
                "k-headers");
        // then the update is applied with them
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("newQuantity").asLong()).isEqualTo(6);
        assertThat(reply.json().get("idempotencyKey").asText()).isEqualTo("k-headers");
    }

    @Test
    @DisplayName("a retry with the same key returns the first outcome: 200 and Idempotent-Replayed: true")
    void replay() {
        // given an applied update
        create(10);
        Http.Reply first = update(item(2, 1, "k-replay"));
        // when it is sent again
        Http.Reply again = update(item(2, 1, "k-replay"));
        // then the same outcome comes back, flagged, and nothing was applied twice
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.json().get("newVersion")).isEqualTo(first.json().get("newVersion"));
        assertThat(again.json().get("newQuantity").asLong()).isEqualTo(12);
    }

    @Test
    @DisplayName("taking more than the stock is refused: 422 INSUFFICIENT_STOCK")
    void insufficientStock() {
        create(3);
        Http.Reply reply = update(item(-5, 1, "k-stock"));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().at("/code").asText()).isEqualTo("INSUFFICIENT_STOCK");
    }

    @Test
    @DisplayName("a key reused with different fields is refused: 422 IDEMPOTENCY_KEY_REUSED")
    void keyReused() {
        create(10);
        update(item(1, 1, "k-reuse"));
        Http.Reply reply = update(item(2, 2, "k-reuse"));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().at("/code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    @DisplayName("a quantity beyond the maximum is refused: 422 QUANTITY_OUT_OF_RANGE")
    void quantityOutOfRange() {
        create(1_000_000_000_000_000L);
        Http.Reply reply = update(item(1, 1, "k-range"));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.json().at("/code").asText()).isEqualTo("QUANTITY_OUT_OF_RANGE");
    }

    @Test
    @DisplayName("an update without a version is refused: 428 VERSION_REQUIRED")
    void versionRequired() {
        Http.Reply reply = update(
                "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":1,\"idempotencyKey\":\"k-428\"}");
        assertThat(reply.status()).isEqualTo(428);
        assertThat(reply.json().at("/code").asText()).isEqualTo("VERSION_REQUIRED");
    }

    @Test
    @DisplayName("a malformed body is refused: 400 INVALID_REQUEST without a stack trace")
    void invalidBody() {
        Http.Reply reply = update("{\"storeId\":\"store-1\",\"productId\":");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.body()).doesNotContain("at dev.").doesNotContain("Exception");
    }

    @Test
    @DisplayName("a field breaking the request schema is refused: 400 INVALID_REQUEST naming it")
    void schemaInvalid() {
        Http.Reply reply = update("{\"storeId\":\"store-1\",\"productId\":\"" + product
                + "\",\"delta\":1,\"quantity\":2,\"version\":0,\"idempotencyKey\":\"k-400\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.json().at("/detail").asText()).contains("delta");
    }

    @Test
    @DisplayName("no API key: 401 UNAUTHORIZED")
    void missingKey() {
        Http.Reply reply = http.post("/v1/inventory/updates", item(1, 0, "k-401"));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(problemJson());
        assertThat(reply.header("WWW-Authenticate")).isPresent();
        assertThat(reply.json().at("/code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(reply.json().at("/type").asText()).isEqualTo("https://versioned.dev/problems/unauthorized");
    }

    @Test
    @DisplayName("an unknown API key: 401 UNAUTHORIZED")
    void unknownKey() {
        Http.Reply reply = http.post("/v1/inventory/updates", item(1, 0, "k-401b"), "X-API-Key", "nope");
        assertThat(reply.status()).isEqualTo(401);
    }

    @Test
    @DisplayName("a store outside the key's scope: 403 FORBIDDEN, nothing sent")
    void outOfScope() {
        Http.Reply reply = http.post("/v1/inventory/updates", item(1, 0, "k-403"), "X-API-Key", "store-2-only");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.json().at("/code").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    @DisplayName("an unknown path: 404 as a problem")
    void unknownPath() {
        Http.Reply reply = http.get("/v2/nothing", "X-API-Key", "demo");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(problemJson());
        assertThat(reply.json().at("/code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    @DisplayName("a wrong method: 405 as a problem, with Allow")
    void wrongMethod() {
        Http.Reply reply = http.send(
                "PUT", "/v1/inventory/updates", HttpRequest.BodyPublishers.ofString("{}"), "X-API-Key", "demo");
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(problemJson());
        assertThat(reply.header("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
        assertThat(reply.json().at("/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    @DisplayName("an ambiguous URI, refused by Jetty before Jersey, still answers as a problem")
    void jettyLevelError() {
        Http.Reply reply = http.get("/v1/inventory/a%2Fb", "X-API-Key", "demo");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(problemJson());
        assertThat(reply.json().at("/code").asText()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    @DisplayName("oversized request headers: 431 as a problem")
    void headersTooLarge() {
        Http.Reply reply = http.get("/v1/inventory/x", "X-API-Key", "k".repeat(20_000));
        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.json().at("/code").asText()).isEqualTo("HEADERS_TOO_LARGE");
    }

    private static java.util.function.Consumer<String> problemJson() {
        return type -> assertThat(type).startsWith("application/problem+json");
    }
}
