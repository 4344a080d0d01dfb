package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch updates and reads from the state view, against the real processor. */
@ExtendWith(DropwizardExtensionsSupport.class)
class BatchAndReadTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("batch", "maxReadWait", "1s"));

    private Http http;
    private String a;
    private String b;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        String id = UUID.randomUUID().toString().substring(0, 8);
        a = "A-" + id;
        b = "B-" + id;
    }

    private Http.Reply post(String body) {
        return http.post("/v1/inventory/updates", body, "X-API-Key", "demo");
    }

    private Http.Reply read(String product, String query) {
        return http.get("/v1/inventory/" + product + query, "X-API-Key", "demo");
    }

    @Test
    @DisplayName("a batch answers 200 with per-item results in request order and the summary")
    void mixedBatch() {
        // given A created at version 1, B never written
        assertThat(post("{\"storeId\":\"store-1\",\"productId\":\"" + a
                                + "\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"ca\"}")
                        .status())
                .isEqualTo(200);
        // when a batch applies to A, conflicts on B and carries one malformed item
        Http.Reply reply = post("{\"storeId\":\"store-1\",\"updates\":["
                + "{\"productId\":\"" + a + "\",\"delta\":10,\"version\":1,\"idempotencyKey\":\"ba\"},"
                + "{\"productId\":\"" + b + "\",\"delta\":-5,\"version\":999,\"idempotencyKey\":\"bb\"},"
                + "{\"productId\":\"" + b + "\",\"delta\":\"x\",\"version\":0,\"idempotencyKey\":\"bc\"}]}");
        // then each item has its own outcome, in order
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode results = reply.json().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("productId").asText()).isEqualTo(a);
        assertThat(results.get(0).get("applied").asBoolean()).isTrue();
        assertThat(results.get(0).get("newQuantity").asLong()).isEqualTo(15);
        assertThat(results.get(1).get("productId").asText()).isEqualTo(b);
        assertThat(results.get(1).get("applied").asBoolean()).isFalse();
        assertThat(results.get(1).get("code").asText()).isEqualTo("VERSION_CONFLICT");
        assertThat(results.get(1).get("error").asText()).contains("999");
        assertThat(results.get(2).get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.json().get("summary").toString())
                .isEqualTo("{\"total\":3,\"succeeded\":1,\"failed\":2,\"unknown\":0}");
    }

    @Test
    @DisplayName("a batch item naming another store than the batch is refused on its own")
    void itemOfAnotherStore() {
        Http.Reply reply = post("{\"storeId\":\"store-1\",\"updates\":[" + "{\"storeId\":\"store-2\",\"productId\":\""
                + a + "\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"x\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().at("/results/0/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.json().at("/summary/failed").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a batch without updates is refused: 400 INVALID_REQUEST")
    void emptyBatch() {
        Http.Reply reply = post("{\"storeId\":\"store-1\",\"updates\":[]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/code").asText()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    @DisplayName("a batch for a store outside the key's scope: 403")
    void batchOutOfScope() {
        Http.Reply reply = post("{\"storeId\":\"store-9\",\"updates\":[{\"productId\":\"" + a
                + "\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"x\"}]}");
        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    @DisplayName("GET with minVersion reads its own write, with ETag = version")
    void readYourWrite() {
        // given an applied create
        Http.Reply write = post("{\"storeId\":\"store-1\",\"productId\":\"" + a
                + "\",\"quantity\":42,\"version\":0,\"idempotencyKey\":\"ryw\"}");
        long version = write.json().get("newVersion").asLong();
        // when reading with minVersion = the written version
        Http.Reply reply = read(a, "?storeId=store-1&minVersion=" + version);
        // then the write is visible
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("quantity").asLong()).isEqualTo(42);
        assertThat(reply.json().get("version").asLong()).isEqualTo(version);
        assertThat(reply.json().get("storeId").asText()).isEqualTo("store-1");
        assertThat(reply.header("ETag")).contains("\"" + version + "\"");
    }

    @Test
    @DisplayName("GET without storeId uses the key's only store")
    void storeFromKeyScope() {
        post("{\"storeId\":\"store-1\",\"productId\":\"" + a
                + "\",\"quantity\":7,\"version\":0,\"idempotencyKey\":\"s\"}");
        Http.Reply reply = read(a, "?minVersion=1");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("quantity").asLong()).isEqualTo(7);
    }

    @Test
    @DisplayName("GET without storeId by a key of several stores: 400")
    void storeRequiredForWideKeys() {
        Http.Reply reply = http.get("/v1/inventory/" + a, "X-API-Key", "all-stores");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().at("/code").asText()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    @DisplayName("GET of a never-written record: 404 NOT_FOUND")
    void notFound() {
        Http.Reply reply = read(b, "?storeId=store-1");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.json().at("/code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    @DisplayName("GET with a minVersion the view does not reach in time: 504 VERSION_NOT_VISIBLE")
    void minVersionNotReached() {
        post("{\"storeId\":\"store-1\",\"productId\":\"" + a
                + "\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"m\"}");
        Http.Reply reply = read(a, "?minVersion=5");
        assertThat(reply.status()).isEqualTo(504);
        assertThat(reply.json().at("/code").asText()).isEqualTo("VERSION_NOT_VISIBLE");
        assertThat(reply.json().at("/currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("GET of another store's record: 403")
    void readOutOfScope() {
        Http.Reply reply = http.get("/v1/inventory/" + a + "?storeId=store-1", "X-API-Key", "store-2-only");
        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    @DisplayName("GET with a malformed minVersion: 400")
    void badMinVersion() {
        Http.Reply reply = read(a, "?minVersion=abc");
        assertThat(reply.status()).isEqualTo(400);
    }
}
