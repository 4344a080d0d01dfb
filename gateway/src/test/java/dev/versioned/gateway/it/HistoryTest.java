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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /v1/inventory/{productId}/history} against the real processor and broker: the changes the
 * processor applied, read back from the results topic.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HistoryTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("history", "history.maxScannedRecords", "100000"));

    /** A second gateway whose scans stop after one record: every answer is cut by the bound. */
    static final DropwizardAppExtension<GatewayConfiguration> BOUNDED = new DropwizardAppExtension<>(
            GatewayApplication.class,
            ResourceHelpers.resourceFilePath("gateway-test.yml"),
            STACK.gateway("history-bounded", "history.maxScannedRecords", "1"));

    private Http http;
    private String product;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        product = "H-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Http.Reply post(String key, String store, String change, String idempotencyKey) {
        return http.post(
                "/v1/inventory/updates",
                "{\"storeId\":\"" + store + "\",\"productId\":\"" + product + "\"," + change + ",\"idempotencyKey\":\""
                        + idempotencyKey + "\"}",
                "X-API-Key",
                key);
    }

    private Http.Reply apply(String change, String idempotencyKey) {
        Http.Reply reply = post("demo", "store-1", change, idempotencyKey);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply;
    }

    private Http.Reply history(Http on, String key, String query) {
        return on.get("/v1/inventory/" + product + "/history" + query, "X-API-Key", key);
    }

    private Http.Reply history(String query) {
        return history(http, "demo", query);
    }

    /** The history once it shows {@code versions} entries: results become readable when their markers land. */
    private JsonNode awaitEntries(String query, int versions) {
        return await("history with " + versions + " entries")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            Http.Reply reply = history(query);
                            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                            return reply.json();
                        },
                        body -> body.get("entries").size() >= versions);
    }

    /** The error code, in the error shape of the API ({@code code} of a problem, or of an {@code error} object). */
    private static String code(Http.Reply reply) {
        JsonNode body = reply.json();
        return body.has("error")
                ? body.at("/error/code").asText()
                : body.at("/code").asText();
    }

    private static List<Long> versions(JsonNode body) {
        List<Long> versions = new ArrayList<>();
        body.get("entries").forEach(e -> versions.add(e.get("version").asLong()));
        return versions;
    }

    @Test
    @DisplayName("after several updates, history lists each change oldest first with its fields")
    void severalUpdates() {
        // given a create, an adjustment and a set
        Http.Reply created = apply("\"quantity\":10,\"version\":0", "h-create");
        Http.Reply adjusted = apply("\"delta\":5,\"version\":1", "h-adjust");
        apply("\"quantity\":3,\"version\":2", "h-set");
        apply("\"operation\":\"DELETE\",\"version\":3", "h-delete");
        // when the history is read
        JsonNode body = awaitEntries("", 4);
        // then versions 1..4 with what was asked, the resulting quantities, keys, correlation ids and times
        assertThat(body.get("storeId").asText()).isEqualTo("store-1");
        assertThat(body.get("productId").asText()).isEqualTo(product);
        assertThat(versions(body)).containsExactly(1L, 2L, 3L, 4L);
        JsonNode entries = body.get("entries");
        assertThat(entries.findValuesAsText("operation")).containsExactly("SET", "ADJUST", "SET", "DELETE");
        assertThat(entries.get(0).get("quantity").asLong()).isEqualTo(10);
        assertThat(entries.get(1).get("delta").asLong()).isEqualTo(5);
        assertThat(entries.get(2).get("quantity").asLong()).isEqualTo(3);
        assertThat(entries.findValuesAsText("newQuantity")).containsExactly("10", "15", "3", "0");
        assertThat(entries.findValuesAsText("idempotencyKey"))
                .containsExactly("h-create", "h-adjust", "h-set", "h-delete");
        assertThat(entries.get(0).get("correlationId").asText())
                .isEqualTo(created.json().get("correlationId").asText());
        assertThat(entries.get(1).get("lastUpdated").asText())
                .isEqualTo(adjusted.json().get("lastUpdated").asText());
        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(body.has("next")).isFalse();
    }

    @Test
    @DisplayName("replays and refusals are not in the history")
    void replaysAndRefusalsExcluded() {
        // given one applied create, its replay, a conflict and a refusal for insufficient stock
        apply("\"quantity\":10,\"version\":0", "r-create");
        apply("\"quantity\":10,\"version\":0", "r-create");
        assertThat(post("demo", "store-1", "\"delta\":1,\"version\":0", "r-conflict")
                        .status())
                .isEqualTo(409);
        assertThat(post("demo", "store-1", "\"delta\":-50,\"version\":1", "r-short")
                        .status())
                .isEqualTo(422);
        apply("\"delta\":1,\"version\":1", "r-second");
        // when the history is read, then only the two applied changes are in it
        JsonNode body = awaitEntries("", 2);
        assertThat(versions(body)).containsExactly(1L, 2L);
        assertThat(body.get("entries").findValuesAsText("idempotencyKey")).containsExactly("r-create", "r-second");
    }

    @Test
    @DisplayName("pages follow each other through next, by version and offset, and by version alone")
    void paging() {
        // given five versions
        apply("\"quantity\":1,\"version\":0", "p-1");
        for (int v = 1; v < 5; v++) {
            apply("\"delta\":1,\"version\":" + v, "p-" + (v + 1));
        }
        awaitEntries("", 5);
        // when read two at a time
        JsonNode first = history("?limit=2").json();
        JsonNode cursor = first.get("next");
        JsonNode second = history(
                        "?limit=2&fromVersion=" + cursor.get("fromVersion") + "&fromOffset=" + cursor.get("fromOffset"))
                .json();
        JsonNode third = history("?limit=2&fromVersion=" + second.at("/next/fromVersion") + "&fromOffset="
                        + second.at("/next/fromOffset"))
                .json();
        // then each page holds the next versions, and the last one has no next
        assertThat(versions(first)).containsExactly(1L, 2L);
        assertThat(cursor.get("fromVersion").asLong()).isEqualTo(3);
        assertThat(versions(second)).containsExactly(3L, 4L);
        assertThat(versions(third)).containsExactly(5L);
        assertThat(third.has("next")).isFalse();
        // and fromVersion alone finds the same page, reading the partition from its beginning
        assertThat(versions(history("?limit=2&fromVersion=3").json())).containsExactly(3L, 4L);
    }

    @Test
    @DisplayName("another store's changes of the same product are not mixed in")
    void otherStoreExcluded() {
        // given the product changed in store-1 once and in store-2 twice
        assertThat(post("all-stores", "store-2", "\"quantity\":7,\"version\":0", "o-1")
                        .status())
                .isEqualTo(200);
        apply("\"quantity\":1,\"version\":0", "s-1");
        assertThat(post("all-stores", "store-2", "\"delta\":1,\"version\":1", "o-2")
                        .status())
                .isEqualTo(200);
        // when each store's history is read, then each holds only its own changes
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode other = history(http, "all-stores", "?storeId=store-2").json();
            assertThat(other.get("entries").findValuesAsText("idempotencyKey")).containsExactly("o-1", "o-2");
        });
        assertThat(history("").json().get("entries").findValuesAsText("idempotencyKey"))
                .containsExactly("s-1");
    }

    @Test
    @DisplayName("a scan cut by its bound answers what it found, incomplete, with a cursor that goes on")
    void boundReached() {
        // given three versions, read through a gateway that scans one record per request
        apply("\"quantity\":1,\"version\":0", "b-1");
        apply("\"delta\":1,\"version\":1", "b-2");
        apply("\"delta\":1,\"version\":2", "b-3");
        awaitEntries("", 3);
        Http bounded = new Http(BOUNDED.getLocalPort());
        // when the first answer is read
        JsonNode first = history(bounded, "demo", "").json();
        // then it is incomplete and says where to go on
        assertThat(first.get("complete").asBoolean()).isFalse();
        assertThat(first.get("entries").size()).isLessThanOrEqualTo(1);
        assertThat(first.has("next")).isTrue();
        // and following next to the end gathers the whole history, in order
        List<Long> all = new ArrayList<>(versions(first));
        JsonNode page = first;
        for (int i = 0; i < 10_000 && page.has("next"); i++) {
            page = history(
                            bounded,
                            "demo",
                            "?fromVersion=" + page.at("/next/fromVersion") + "&fromOffset="
                                    + page.at("/next/fromOffset"))
                    .json();
            all.addAll(versions(page));
        }
        assertThat(page.get("complete").asBoolean()).isTrue();
        assertThat(all).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("a record never written has an empty history: 200, no entries, no next")
    void unknownRecord() {
        Http.Reply reply = history("");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("entries")).isEmpty();
        assertThat(reply.json().get("complete").asBoolean()).isTrue();
        assertThat(reply.json().has("next")).isFalse();
    }

    @Test
    @DisplayName("malformed parameters are refused: 400 INVALID_REQUEST")
    void badParameters() {
        for (String query : List.of(
                "?fromVersion=abc",
                "?fromVersion=-1",
                "?fromOffset=1.5",
                "?limit=0",
                "?limit=1001",
                "?limit=",
                "?storeId=store%201")) {
            Http.Reply reply = history(query);
            assertThat(reply.status()).as(query).isEqualTo(400);
            assertThat(code(reply)).isEqualTo("INVALID_REQUEST");
        }
        Http.Reply badProduct = http.get("/v1/inventory/bad%20id/history", "X-API-Key", "demo");
        assertThat(badProduct.status()).isEqualTo(400);
    }

    @Test
    @DisplayName("a key covering several stores must name one: 400")
    void storeRequiredForMultiStoreKey() {
        Http.Reply reply = history(http, "all-stores", "");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("storeId is required");
    }

    @Test
    @DisplayName("a store outside the key's stores is refused: 403 FORBIDDEN")
    void outOfScope() {
        Http.Reply reply = history("?storeId=store-2");
        assertThat(reply.status()).isEqualTo(403);
        assertThat(code(reply)).isEqualTo("FORBIDDEN");
    }

    @Test
    @DisplayName("no API key: 401")
    void noKey() {
        assertThat(http.get("/v1/inventory/" + product + "/history").status()).isEqualTo(401);
    }
}
