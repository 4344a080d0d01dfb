package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.client.Change;
import dev.versioned.client.Inventory;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.NotFound;
import dev.versioned.client.TransferRefused;
import dev.versioned.client.Transferred;
import dev.versioned.client.Updated;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateResult;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Transfers and soft deletes through the shipped clients, over HTTP and straight over Kafka, on the real stack:
 * each one call, with the same results either way.
 */
class LifecycleClientTest extends OnDefaultStack {

    private static InventoryClient http() {
        return InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.ALL_STORES_KEY)
                .build();
    }

    private static KafkaInventory kafka(String id) throws Exception {
        return KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId(id)
                .start();
    }

    private static String product() {
        return "LIFE-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Two stores of one product, then a transfer between them, a refused one, and a delete. */
    private static void lifecycle(Inventory inventory) {
        // given store-1 holds 10 and store-2 holds 1 of one product
        String product = product();
        Updated first = inventory.update("store-1", product, (q, v) -> Change.setTo(10));
        Updated second = inventory.update("store-2", product, (q, v) -> Change.setTo(1));

        // when 4 units move from store-1 to store-2 in one call
        Transferred moved = inventory.transfer(TransferRequest.of(
                product,
                "move-" + product,
                List.of(
                        TransferRequest.Item.adjust(
                                "store-1", -4, first.record().version()),
                        TransferRequest.Item.adjust(
                                "store-2", 4, second.record().version()))));

        // then both records changed, one version each
        assertThat(moved.records())
                .extracting(InventoryRecord::storeId, InventoryRecord::quantity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("store-1", 6L),
                        org.assertj.core.groups.Tuple.tuple("store-2", 5L));

        // and a transfer from stale versions is refused whole, each item saying why
        assertThatThrownBy(() -> inventory.transfer(TransferRequest.of(
                        product,
                        "stale-" + product,
                        List.of(
                                TransferRequest.Item.adjust(
                                        "store-1", -1, first.record().version()),
                                TransferRequest.Item.adjust(
                                        "store-2", 1, moved.records().get(1).version())))))
                .isInstanceOfSatisfying(TransferRefused.class, e -> {
                    assertThat(e.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
                    assertThat(e.items())
                            .extracting(UpdateResult::code)
                            .containsExactly(ResultCode.VERSION_CONFLICT, ResultCode.TRANSFER_ABORTED);
                });

        // and a delete at the current version marks store-2's record deleted; an update of it is NOT_FOUND
        long version = moved.records().get(1).version();
        Updated deleted = inventory.delete("store-2", product, version, "del-" + product);
        assertThat(deleted.record().deleted()).isTrue();
        assertThat(deleted.record().version()).isEqualTo(version + 1);
        assertThatThrownBy(() -> inventory.apply(
                        dev.versioned.schemas.UpdateRequest.adjust("store-2", product, 1, version, "late-" + product)))
                .isInstanceOfSatisfying(
                        NotFound.class, e -> assertThat(e.currentVersion()).isEqualTo(version + 1));
    }

    @Test
    @DisplayName("over HTTP: a transfer is one call, a stale one is refused whole, and a delete answers NotFound after")
    void overHttp() {
        lifecycle(http());
    }

    @Test
    @DisplayName("over Kafka: the same calls, the same outcomes")
    void overKafka() throws Exception {
        try (KafkaInventory inventory = kafka("it-lifecycle")) {
            lifecycle(inventory);
        }
    }
}
