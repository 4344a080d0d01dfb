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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The record's lifecycle over HTTP, against the real processor on the embedded broker: soft DELETE, transfers
 * across stores of one product, and listing a store's records.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LifecycleEndpointsTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("lifecycle"));

    private Http http;
    private String product;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        product = "SKU-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Http.Reply create(String store, long quantity) {
        Http.Reply reply = http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"" + store + "\",\"productId\":\"" + product + "\",\"quantity\":" + quantity
                        + ",\"version\":0,\"idempotencyKey\":\"create-" + store + "-" + product + "\"}",
                Http.withKey("all-stores"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private Http.Reply delete(String store, String ifMatch, String key) {
        List<String> headers = new ArrayList<>();
        if (ifMatch != null) {
            headers.add("If-Match");
            headers.add(ifMatch);
        }
        if (key != null) {
            headers.add("Idempotency-Key");
            headers.add(key);
        }
        return http.send(
                "DELETE",
                "/v1/inventory/" + product + "?storeId=" + store,
                java.net.http.HttpRequest.BodyPublishers.noBody(),
                Http.withKey("all-stores", headers.toArray(String[]::new)));
    }

    private Http.Reply read(String store, String... query) {
        return http.get(
                "/v1/inventory/" + product + "?storeId=" + store + String.join("", query), Http.withKey("all-stores"));
    }

    private Http.Reply transfer(String apiKey, String body) {
        return http.post("/v1/inventory/transfers", body, Http.withKey(apiKey));
    }

    private String move(long units, long fromVersion, long toVersion, String key) {
        return "{\"productId\":\"" + product + "\",\"idempotencyKey\":\"" + key + "\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":" + -units + ",\"version\":" + fromVersion + "},"
                + "{\"storeId\":\"store-2\",\"delta\":" + units + ",\"version\":" + toVersion + "}]}";
    }

    @Test
    @DisplayName("DELETE with If-Match at the current version: 200, version + 1, then GET is 404 with deleted:true")
    void deleteThenReadIsNotFound() {
        create("store-1", 10);

        Http.Reply deleted = delete("store-1", "\"1\"", "del-" + product);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("operation").asText()).isEqualTo("DELETE");
        assertThat(deleted.json().get("newVersion").asLong()).isEqualTo(2);
        assertThat(deleted.header("ETag")).contains("\"2\"");
        Http.Reply read = read("store-1", "&minVersion=2");
        assertThat(read.status()).as(read.body()).isEqualTo(404);
        assertThat(read.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(read.json().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(read.json().get("deleted").asBoolean()).isTrue();
        assertThat(read.json().get("currentVersion").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("a retried DELETE replays its first outcome with Idempotent-Replayed")
    void retriedDeleteReplays() {
        create("store-1", 10);
        delete("store-1", "\"1\"", "del-" + product);

        Http.Reply retry = delete("store-1", "\"1\"", "del-" + product);

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(retry.json().get("newVersion").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("DELETE at a stale version: 412 VERSION_CONFLICT; nothing deleted")
    void staleDeleteIsPreconditionFailed() {
        create("store-1", 10);

        Http.Reply reply = delete("store-1", "\"7\"", "del-" + product);

        assertThat(reply.status()).as(reply.body()).isEqualTo(412);
        assertThat(reply.json().get("code").asText()).isEqualTo("VERSION_CONFLICT");
        assertThat(reply.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(read("store-1", "&minVersion=1").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("DELETE without If-Match is 428, with a weak tag 412, with * or without a key 400; nothing sent")
    void deleteNeedsItsPreconditions() {
        create("store-1", 10);

        assertThat(delete("store-1", null, "k").json().get("code").asText()).isEqualTo("PRECONDITION_REQUIRED");
        assertThat(delete("store-1", null, "k").status()).isEqualTo(428);
        assertThat(delete("store-1", "W/\"1\"", "k").status()).isEqualTo(412);
        assertThat(delete("store-1", "*", "k").status()).isEqualTo(400);
        assertThat(delete("store-1", "\"1\"", null).status()).isEqualTo(400);
        // still there, at version 1: none of them reached the processor
        assertThat(delete("store-1", "\"1\"", "k").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("an update of a deleted record is 404 NOT_FOUND naming the version to re-create it at, which works")
    void updateOfDeletedThenRecreate() {
        create("store-1", 10);
        delete("store-1", "\"1\"", "del-" + product);

        Http.Reply stale = http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"" + product
                        + "\",\"delta\":1,\"version\":1,\"idempotencyKey\":\"late\"}",
                Http.withKey("all-stores"));
        Http.Reply recreated = http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"" + product
                        + "\",\"quantity\":4,\"version\":2,\"idempotencyKey\":\"again\"}",
                Http.withKey("all-stores"));

        assertThat(stale.status()).as(stale.body()).isEqualTo(404);
        assertThat(stale.json().get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(stale.json().get("currentVersion").asLong()).isEqualTo(2);
        assertThat(recreated.status()).as(recreated.body()).isEqualTo(200);
        assertThat(recreated.json().get("newVersion").asLong()).isEqualTo(3);
        assertThat(read("store-1", "&minVersion=3").json().get("quantity").asLong())
                .isEqualTo(4);
    }

    @Test
    @DisplayName("a transfer whose items all hold is 200: every store's record changed, one version each")
    void transferApplies() {
        create("store-1", 10);
        create("store-2", 1);

        Http.Reply reply = transfer("all-stores", move(4, 1, 1, "move-" + product));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("operation").asText()).isEqualTo("TRANSFER");
        JsonNode items = reply.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("newQuantity").asLong()).isEqualTo(6);
        assertThat(items.get(1).get("newQuantity").asLong()).isEqualTo(5);
        assertThat(read("store-1", "&minVersion=2").json().get("quantity").asLong())
                .isEqualTo(6);
        assertThat(read("store-2", "&minVersion=2").json().get("quantity").asLong())
                .isEqualTo(5);
    }

    @Test
    @DisplayName("a transfer with one stale item is 409 VERSION_CONFLICT with per-item reasons; nothing changed")
    void transferWithConflictChangesNothing() {
        create("store-1", 10);
        create("store-2", 1);

        Http.Reply reply = transfer("all-stores", move(4, 1, 9, "move-" + product));

        assertThat(reply.status()).as(reply.body()).isEqualTo(409);
        assertThat(reply.json().get("code").asText()).isEqualTo("VERSION_CONFLICT");
        JsonNode items = reply.json().get("items");
        assertThat(items.get(0).get("code").asText()).isEqualTo("TRANSFER_ABORTED");
        assertThat(items.get(1).get("code").asText()).isEqualTo("VERSION_CONFLICT");
        assertThat(items.get(1).get("currentVersion").asLong()).isEqualTo(1);
        // a later update at version 1 of store-1 still applies: the transfer wrote nothing
        Http.Reply after = http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"store-1\",\"productId\":\"" + product
                        + "\",\"delta\":1,\"version\":1,\"idempotencyKey\":\"after\"}",
                Http.withKey("all-stores"));
        assertThat(after.status()).as(after.body()).isEqualTo(200);
    }

    @Test
    @DisplayName("bad transfers are 400 and change nothing: one item, duplicated stores, another product, 1,000 items")
    void badTransfersAreRefused() {
        create("store-1", 10);
        String oneItem = "{\"productId\":\"" + product + "\",\"idempotencyKey\":\"t1\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":-1,\"version\":1}]}";
        String duplicated = "{\"productId\":\"" + product + "\",\"idempotencyKey\":\"t2\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":-1,\"version\":1},{\"storeId\":\"store-1\",\"delta\":1,\"version\":1}]}";
        String otherProduct = "{\"productId\":\"" + product + "\",\"idempotencyKey\":\"t3\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":-1,\"version\":1},"
                + "{\"storeId\":\"store-2\",\"productId\":\"OTHER\",\"delta\":1,\"version\":0}]}";
        String thousand = "{\"productId\":\"" + product + "\",\"idempotencyKey\":\"t4\",\"items\":["
                + IntStream.range(0, 1_000)
                        .mapToObj(i -> "{\"storeId\":\"s" + i + "\",\"delta\":1,\"version\":0}")
                        .collect(Collectors.joining(","))
                + "]}";

        for (String body : List.of(oneItem, duplicated, otherProduct, thousand)) {
            Http.Reply reply = transfer("all-stores", body);
            assertThat(reply.status()).as(reply.body()).isEqualTo(400);
            assertThat(reply.json().get("code").asText()).isEqualTo("INVALID_REQUEST");
        }
        assertThat(read("store-1").json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("a transfer touching a store outside the key's scope is 403, and nothing is sent")
    void transferNeedsEveryStoreInScope() {
        create("store-1", 10);
        create("store-2", 1);

        Http.Reply reply = transfer("demo", move(4, 1, 1, "move-" + product));

        assertThat(reply.status()).as(reply.body()).isEqualTo(403);
        assertThat(read("store-1").json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("listing pages through a store's live records in productId order, leaving deleted ones out")
    void listingPagesInOrder() {
        String store = "list-" + UUID.randomUUID().toString().substring(0, 8);
        for (String id : List.of("C", "A", "D", "B")) {
            Http.Reply created = http.post(
                    "/v1/inventory/updates",
                    "{\"storeId\":\"" + store + "\",\"productId\":\"" + id
                            + "\",\"quantity\":1,\"version\":0,\"idempotencyKey\":\"c-" + id + "\"}",
                    Http.withKey("all-stores"));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
        }
        Http.Reply deleteC = http.send(
                "DELETE",
                "/v1/inventory/C?storeId=" + store,
                java.net.http.HttpRequest.BodyPublishers.noBody(),
                Http.withKey("all-stores", "If-Match", "\"1\"", "Idempotency-Key", "del-C"));
        assertThat(deleteC.status()).as(deleteC.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/v1/inventory/C?storeId=" + store, Http.withKey("all-stores"))
                                .status()
                        == 404);

        Http.Reply first = http.get("/v1/inventory?storeId=" + store + "&limit=2", Http.withKey("all-stores"));
        Http.Reply second = http.get(
                "/v1/inventory?storeId=" + store + "&limit=2&after="
                        + first.json().get("next").get("after").asText(),
                Http.withKey("all-stores"));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("records").findValuesAsText("productId")).containsExactly("A", "B");
        assertThat(second.json().get("records").findValuesAsText("productId")).containsExactly("D");
        assertThat(second.json().has("next")).isFalse();
    }

    @Test
    @DisplayName("listing is within the key's scope and checks its parameters")
    void listingScopeAndParameters() {
        assertThat(http.get("/v1/inventory?storeId=store-2", Http.withKey("demo"))
                        .status())
                .isEqualTo(403);
        assertThat(http.get("/v1/inventory?limit=0", Http.withKey("demo")).status())
                .isEqualTo(400);
        assertThat(http.get("/v1/inventory?after=no/slash", Http.withKey("demo"))
                        .status())
                .isEqualTo(400);
        assertThat(http.get("/v1/inventory", Http.withKey("demo")).status()).isEqualTo(200);
    }
}
