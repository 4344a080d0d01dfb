package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.Change;
import dev.versioned.client.Document;
import dev.versioned.client.Documents;
import dev.versioned.client.Inventory;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.Updated;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireFormat;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A caller that persists its operation id repeats the whole call after a crash and gets the first outcome,
 * never a second application: on the real stack, over HTTP and straight over Kafka, for counters and documents,
 * also after other writers moved the record past the versions its first call saw (the record's block of
 * remembered versions has rolled over several times).
 */
class RepeatedOperationTest extends OnDefaultStack {

    /** Enough updates by others to complete two blocks of remembered versions after the first call's. */
    private static final int OTHER_WRITES = 40;

    private static InventoryClient.Builder http() {
        return InventoryClient.builder().baseUri(stack.http()).apiKey(RunningStack.STORE_1_KEY);
    }

    private static void repeatedUpdateIsAppliedOnce(Inventory inventory) {
        // given a record at version 1 with 10 units
        String product = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        inventory.apply(UpdateRequest.set("store-1", product, 10, 0, "create-" + product));
        String operation = "add-one-" + product;

        // and a first call of "add 1" whose attempt 1 was applied, but whose caller crashed before the answer
        // (exactly the request the client sends for attempt 1 of that operation)
        Updated first = inventory.apply(UpdateRequest.adjust("store-1", product, 1, 1, operation + "-a1"));
        assertThat(first.record().version()).isEqualTo(2L);

        // and others moved the record on by many versions
        for (int v = 2; v < 2 + OTHER_WRITES; v++) {
            inventory.apply(UpdateRequest.adjust("store-1", product, 1, v, "other-" + product + "-" + v));
        }
        InventoryRecord before = inventory.read("store-1", product).orElseThrow();

        // when the caller repeats the whole call with the same operation id
        Updated repeat = inventory.update("store-1", product, (quantity, version) -> Change.delta(1), operation);

        // then it gets the first call's outcome, replayed, and nothing is applied again
        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.record().version()).isEqualTo(2L);
        assertThat(repeat.record().quantity()).isEqualTo(11L);
        assertThat(inventory.read("store-1", product).orElseThrow()).isEqualTo(before);
    }

    private static void repeatedAfterAConflictAppliesItsNextAttemptOnce(Inventory inventory) {
        // given a first call whose attempt 1 was refused VERSION_CONFLICT, and whose caller crashed then
        String product = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        inventory.apply(UpdateRequest.set("store-1", product, 10, 0, "create-" + product));
        inventory.apply(UpdateRequest.adjust("store-1", product, 5, 1, "other-" + product));
        String operation = "add-one-" + product;
        sendRefused(inventory, UpdateRequest.adjust("store-1", product, 1, 1, operation + "-a1"));

        // when the caller repeats the whole call
        Updated repeat = inventory.update("store-1", product, (quantity, version) -> Change.delta(1), operation);

        // then attempt 1 counts as the conflict it was, and attempt 2 applies the change once
        assertThat(repeat.replayed()).isFalse();
        assertThat(repeat.attempts()).isEqualTo(2);
        assertThat(repeat.record().quantity()).isEqualTo(16L);
        assertThat(repeat.record().version()).isEqualTo(3L);
    }

    private static void sendRefused(Inventory inventory, UpdateRequest request) {
        try {
            inventory.apply(request);
            throw new AssertionError("expected a refusal of " + request);
        } catch (dev.versioned.client.VersionConflict expected) {
            // the first call's attempt 1, refused
        }
    }

    private static void repeatedDocumentWriteIsAppliedOnce(Documents documents) {
        // given a wallet, and a first call of "pay 4" whose attempt 1 was applied before its caller crashed
        String id = "w-" + UUID.randomUUID().toString().substring(0, 8);
        documents.create("wallets", id, wallet(10), "open-" + id);
        String operation = "pay-" + id;
        Document first = documents.apply(DocumentRequest.put("wallets", id, wallet(6), 1, operation + "-a1"));
        assertThat(first.version()).isEqualTo(2L);

        // and others moved the wallet on
        for (int v = 2; v < 2 + OTHER_WRITES; v++) {
            documents.apply(DocumentRequest.put("wallets", id, wallet(100 + v), v, "other-" + id + "-" + v));
        }

        // when the caller repeats the whole call with the same operation id
        Document repeat = documents.update(
                "wallets",
                id,
                current -> current.map(
                        w -> w.deepCopy().put("balance", w.path("balance").asLong() - 4)),
                operation);

        // then it gets the first call's outcome, and the wallet is as the others left it
        assertThat(repeat.replayed()).isTrue();
        assertThat(repeat.version()).isEqualTo(2L);
        assertThat(repeat.document().orElseThrow().path("balance").asLong()).isEqualTo(6L);
        Document now = documents.read("wallets", id).orElseThrow();
        assertThat(now.version()).isEqualTo(2L + OTHER_WRITES);
        assertThat(now.document().orElseThrow().path("balance").asLong()).isEqualTo(100L + 1 + OTHER_WRITES);
    }

    private static ObjectNode wallet(long balance) {
        return WireFormat.mapper().createObjectNode().put("name", "Ada").put("balance", balance);
    }

    private static KafkaInventory kafka(String instance) throws Exception {
        return KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId(instance)
                .start();
    }

    @Test
    @DisplayName("over HTTP, an update repeated with its operation id gets the first outcome, applied once")
    void updateOverHttp() {
        repeatedUpdateIsAppliedOnce(http().build());
    }

    @Test
    @DisplayName("over Kafka, an update repeated with its operation id gets the first outcome, applied once")
    void updateOverKafka() throws Exception {
        try (KafkaInventory inventory = kafka("it-repeat-update")) {
            repeatedUpdateIsAppliedOnce(inventory);
        }
    }

    @Test
    @DisplayName("over HTTP, a repeat whose first attempt was a conflict applies its next attempt once")
    void conflictThenRepeatOverHttp() {
        repeatedAfterAConflictAppliesItsNextAttemptOnce(http().build());
    }

    @Test
    @DisplayName("over HTTP, a document update repeated with its operation id gets the first outcome, applied once")
    void documentOverHttp() {
        repeatedDocumentWriteIsAppliedOnce(http().buildDocuments());
    }

    @Test
    @DisplayName("over Kafka, a document update repeated with its operation id gets the first outcome, applied once")
    void documentOverKafka() throws Exception {
        try (KafkaInventory inventory = kafka("it-repeat-documents")) {
            repeatedDocumentWriteIsAppliedOnce(inventory.documents());
        }
    }
}
