package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.ConstraintViolated;
import dev.versioned.client.Document;
import dev.versioned.client.DocumentConflict;
import dev.versioned.client.Documents;
import dev.versioned.client.Invalid;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.RetryClock;
import dev.versioned.client.RetryPolicy;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Versioned documents through the shipped clients, over HTTP and straight over Kafka, on the real stack with its
 * example collections: the same calls, the same outcomes either way.
 */
class DocumentsClientTest extends OnDefaultStack {

    private static Documents http() {
        return InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.STORE_1_KEY)
                .buildDocuments();
    }

    /** A wallet created, paid from by a concurrent writer, paid from again by update, overdrawn, and renamed. */
    private static void wallet(Documents documents) {
        // given a wallet with 10
        String id = "w-" + UUID.randomUUID().toString().substring(0, 8);
        Document created = documents.create("wallets", id, wallet("Ada", 10), "open-" + id);
        assertThat(created.version()).isEqualTo(1L);

        // and another writer takes 3 at version 1, so version 1 is stale from now on
        documents.patch("wallets", id, json("{\"balance\":7}"), 1, "other-" + id);

        // when paying 4 from the balance as it stands when the write lands
        Document paid = documents.update(
                "wallets",
                id,
                current -> current.map(w -> {
                    ObjectNode next = w.deepCopy();
                    return next.put("balance", w.path("balance").asLong() - 4);
                }));

        // then the 4 came off the 7, not the 10: nothing was lost
        assertThat(paid.document().orElseThrow().path("balance").asLong()).isEqualTo(3L);
        assertThat(paid.version()).isEqualTo(3L);

        // and a payment that would overdraw it is refused naming /balance
        assertThatThrownBy(() -> documents.patch("wallets", id, json("{\"balance\":-1}"), 3, "overdraw-" + id))
                .isInstanceOfSatisfying(
                        ConstraintViolated.class, e -> assertThat(e.path()).isEqualTo("/balance"));

        // and a write at a stale version is refused with the current document
        assertThatThrownBy(() -> documents.replace("wallets", id, wallet("Eve", 0), 1, "stale-" + id))
                .isInstanceOfSatisfying(DocumentConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(3L);
                    assertThat(e.currentDocument().orElseThrow().path("balance").asLong())
                            .isEqualTo(3L);
                });
    }

    @Test
    @DisplayName(
            "over HTTP: create, a concurrent patch, update from the current balance, an overdraft and a stale write refused")
    void overHttp() {
        wallet(http());
    }

    @Test
    @DisplayName("over Kafka: the same calls, the same outcomes")
    void overKafka() throws Exception {
        try (KafkaInventory inventory = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-documents")
                .start()) {
            wallet(inventory.documents());
        }
    }

    @Test
    @DisplayName("over HTTP, a read answers the document as committed, and empty for one never written")
    void readOverHttp() {
        Documents documents = http();
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        documents.create("customers", id, json("{\"name\":\"Grace\"}"), "create-" + id);

        Optional<Document> read = documents.read("customers", id);

        assertThat(read).hasValueSatisfying(d -> {
            assertThat(d.version()).isEqualTo(1L);
            assertThat(d.document().orElseThrow().path("name").asText()).isEqualTo("Grace");
        });
        assertThat(documents.read("customers", "never-" + id)).isEmpty();
    }

    @Test
    @DisplayName(
            "over HTTP, a collection the gateway does not serve is Invalid 404 at once: a create, an update and a read, none retried")
    void unknownCollectionOverHttp() {
        // given a client that records every wait of its retry loop
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Documents documents = InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.STORE_1_KEY)
                .retryPolicy(RetryPolicy.builder().clock(recording(waits)).build())
                .buildDocuments();

        // when writing and reading a collection with a typo, then each call is refused at once, naming the collections
        assertThatThrownBy(() -> documents.create("walets", "w-1", wallet("Ada", 1), "typo-create"))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("NOT_FOUND");
                    assertThat(e.getMessage()).contains("customers", "wallets");
                });
        assertThatThrownBy(() -> documents.update("walets", "w-1", current -> Optional.of(wallet("Ada", 1))))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> documents.read("walets", "w-1"))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(waits).as("nothing was retried").isEmpty();
    }

    /** The real clock, recording every wait. */
    private static RetryClock recording(List<Duration> waits) {
        return new RetryClock() {
            @Override
            public long nanoTime() {
                return RetryClock.SYSTEM.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                waits.add(duration);
                RetryClock.SYSTEM.sleep(duration);
            }
        };
    }

    private static ObjectNode wallet(String name, long balance) {
        return WireFormat.mapper().createObjectNode().put("name", name).put("balance", balance);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) WireFormat.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
