package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The curl scenarios of seed 004, with its bodies as written. The seed assumes records that already exist
 * (SKU-001 at version 12, SKU-002 at 8, SKU-003 at 15, SKU-004 at 6); they are brought there first through
 * the gateway. Differences from the seed: the gateway under test listens on a random port, not 8081 (the
 * example config uses 8081); GET without storeId works because the {@code demo} key is limited to
 * store-1. The concurrent scenario (4) is {@link ConcurrentUpdatesTest}: it needs SKU-003 at 15 too.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SeedScenariosTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("seed"));

    private static Http http;

    @BeforeAll
    static void bringRecordsToTheSeedVersions() {
        http = new Http(APP.getLocalPort());
        Seeds.bringTo(http, "SKU-001", 12, 45);
        Seeds.bringTo(http, "SKU-002", 8, 23);
        Seeds.bringTo(http, "SKU-003", 15, 67);
        Seeds.bringTo(http, "SKU-004", 6, 30);
    }

    private static Http.Reply post(String body) {
        return http.post("/v1/inventory/updates", body, "X-API-Key", "demo");
    }

    @Test
    @DisplayName("seed 1: read, update at the read version, read the new state")
    void successfulUpdate() {
        // given SKU-001 at version 12
        Http.Reply before = http.get("/v1/inventory/SKU-001", "X-API-Key", "demo");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().get("version").asLong()).isEqualTo(12);
        // when applying the seed's update
        Http.Reply update = post("{\"storeId\":\"store-1\",\"productId\":\"SKU-001\",\"delta\":5,\"version\":12,"
                + "\"idempotencyKey\":\"test-001\"}");
        // then it is applied and the next read shows it
        assertThat(update.status()).isEqualTo(200);
        assertThat(update.json().get("productId").asText()).isEqualTo("SKU-001");
        assertThat(update.json().get("newQuantity").asLong()).isEqualTo(50);
        assertThat(update.json().get("newVersion").asLong()).isEqualTo(13);
        assertThat(update.json().get("applied").asBoolean()).isTrue();
        assertThat(update.json().get("lastUpdated").asText()).endsWith("Z");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(http.get("/v1/inventory/SKU-001", "X-API-Key", "demo")
                                .json()
                                .get("version")
                                .asLong())
                        .isEqualTo(13));
    }

    @Test
    @DisplayName("seed 2: an old version conflicts: 409 {productId, applied:false}")
    void versionConflict() {
        Http.Reply reply = post("{\"storeId\":\"store-1\",\"productId\":\"SKU-001\",\"delta\":3,\"version\":10,"
                + "\"idempotencyKey\":\"conflict-001\"}");
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("productId").asText()).isEqualTo("SKU-001");
        assertThat(reply.json().get("applied").asBoolean()).isFalse();
    }

    @Test
    @DisplayName("seed 3: the duplicate request returns the first result, applied once")
    void idempotency() {
        String body = "{\"storeId\":\"store-1\",\"productId\":\"SKU-002\",\"delta\":2,\"version\":8,"
                + "\"idempotencyKey\":\"duplicate-001\"}";
        Http.Reply first = post(body);
        Http.Reply duplicate = post(body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("newQuantity").asLong()).isEqualTo(25);
        assertThat(first.json().get("newVersion").asLong()).isEqualTo(9);
        assertThat(duplicate.status()).isEqualTo(200);
        assertThat(duplicate.header("Idempotent-Replayed")).contains("true");
        for (String field : new String[] {"productId", "newQuantity", "newVersion", "applied", "lastUpdated"}) {
            assertThat(duplicate.json().get(field)).isEqualTo(first.json().get(field));
        }
    }

    @Test
    @DisplayName("seed 5: a batch with mixed results answers per item and the summary")
    void batchWithMixedResults() {
        Http.Reply reply = post(
                "{\"storeId\":\"store-1\",\"updates\":["
                        + "{\"productId\":\"SKU-003\",\"delta\":10,\"version\":15,\"idempotencyKey\":\"batch-success-001\"},"
                        + "{\"productId\":\"SKU-004\",\"delta\":-5,\"version\":999,\"idempotencyKey\":\"batch-conflict-001\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode results = reply.json().get("results");
        assertThat(results.get(0).get("productId").asText()).isEqualTo("SKU-003");
        assertThat(results.get(0).get("newQuantity").asLong()).isEqualTo(77);
        assertThat(results.get(0).get("newVersion").asLong()).isEqualTo(16);
        assertThat(results.get(0).get("applied").asBoolean()).isTrue();
        assertThat(results.get(1).get("productId").asText()).isEqualTo("SKU-004");
        assertThat(results.get(1).get("applied").asBoolean()).isFalse();
        assertThat(results.get(1).get("error").asText()).contains("version 6").contains("999");
        assertThat(reply.json().get("summary").toString())
                .isEqualTo("{\"total\":2,\"succeeded\":1,\"failed\":1,\"unknown\":0}");
    }
}
