package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.Operation;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.TransferRequest.Item;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A transfer changes several stores' records of one product all or nothing, under one idempotency key. */
class TransferTest extends TopologySpec {

    private static final Instant EARLIER = Instant.parse("2025-09-01T00:00:00Z");

    private void given(String storeId, long quantity, long version) {
        fixture.seed(new InventoryRecord(storeId, "SKU-1", quantity, version, EARLIER));
    }

    private static TransferRequest move(long units, long fromVersion, long toVersion, String key) {
        return TransferRequest.of(
                "SKU-1",
                key,
                List.of(Item.adjust("store-1", -units, fromVersion), Item.adjust("store-2", units, toVersion)));
    }

    private void thenUnchanged(long quantity1, long version1, long quantity2, long version2) {
        assertThat(fixture.stored("store-1", "SKU-1").quantity()).isEqualTo(quantity1);
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(version1);
        assertThat(fixture.stored("store-2", "SKU-1").quantity()).isEqualTo(quantity2);
        assertThat(fixture.stored("store-2", "SKU-1").version()).isEqualTo(version2);
    }

    @Test
    @DisplayName("when every item holds, every record changes: one version each, one result per item, one reply")
    void appliesEveryItem() {
        given("store-1", 20, 3);
        given("store-2", 2, 7);

        UpdateResult reply = fixture.transfer(move(5, 3, 7, "move-1"));

        assertThat(reply.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(reply.operation()).contains(Operation.TRANSFER);
        assertThat(reply.storeId()).isEmpty();
        assertThat(reply.correlationId()).isPresent();
        assertThat(reply.items().orElseThrow())
                .extracting(UpdateResult::code, UpdateResult::newQuantity, UpdateResult::newVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ResultCode.APPLIED, Optional.of(15L), Optional.of(4L)),
                        org.assertj.core.groups.Tuple.tuple(ResultCode.APPLIED, Optional.of(7L), Optional.of(8L)));
        assertThat(reply.items().orElseThrow())
                .allSatisfy(item -> assertThat(item.correlationId()).isEqualTo(reply.correlationId()));
        thenUnchanged(15, 4, 7, 8);
        assertThat(fixture.state().readValuesToList())
                .extracting(InventoryRecord::storeId, InventoryRecord::version)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("store-1", 4L),
                        org.assertj.core.groups.Tuple.tuple("store-2", 8L));
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("when one item conflicts, nothing changes: that item says why, the others TRANSFER_ABORTED")
    void oneConflictAbortsAll() {
        given("store-1", 20, 3);
        given("store-2", 2, 8);

        UpdateResult reply = fixture.transfer(move(5, 3, 7, "move-1"));

        assertThat(reply.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(reply.applied()).isFalse();
        assertThat(reply.error().orElseThrow()).contains("nothing applied").contains("store-2");
        List<UpdateResult> items = reply.items().orElseThrow();
        assertThat(items.get(0).code()).isEqualTo(ResultCode.TRANSFER_ABORTED);
        assertThat(items.get(0).currentVersion()).contains(3L);
        assertThat(items.get(0).currentQuantity()).contains(20L);
        assertThat(items.get(1).code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(items.get(1).currentVersion()).contains(8L);
        assertThat(items.get(1).currentQuantity()).contains(2L);
        thenUnchanged(20, 3, 2, 8);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("when one item would take stock below 0, nothing changes: INSUFFICIENT_STOCK")
    void insufficientStockAbortsAll() {
        given("store-1", 3, 3);
        given("store-2", 2, 7);

        UpdateResult reply = fixture.transfer(move(5, 3, 7, "move-1"));

        assertThat(reply.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(reply.items().orElseThrow())
                .extracting(UpdateResult::code)
                .containsExactly(ResultCode.INSUFFICIENT_STOCK, ResultCode.TRANSFER_ABORTED);
        thenUnchanged(3, 3, 2, 7);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a transfer touching a deleted record is refused NOT_FOUND, and changes nothing")
    void deletedRecordAbortsAll() {
        given("store-1", 20, 3);
        fixture.seed(new InventoryRecord("store-2", "SKU-1", 0, 7, EARLIER, true));

        UpdateResult reply = fixture.transfer(move(5, 3, 6, "move-1"));

        assertThat(reply.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(3);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a retried transfer gets its first outcome again, replayed, and changes nothing more")
    void retryReplays() {
        given("store-1", 20, 3);
        given("store-2", 2, 7);
        UpdateResult first = fixture.transfer(move(5, 3, 7, "move-1"));
        fixture.state().readValuesToList();

        UpdateResult retry = fixture.transfer(move(5, 3, 7, "move-1"));

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(retry.items().orElseThrow())
                .allSatisfy(item -> assertThat(item.replayed()).isTrue());
        assertThat(retry.items().orElseThrow())
                .extracting(UpdateResult::newVersion)
                .isEqualTo(first.items().orElseThrow().stream()
                        .map(UpdateResult::newVersion)
                        .toList());
        thenUnchanged(15, 4, 7, 8);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a retried refused transfer is refused the same way, even after its records changed")
    void refusedRetryReplaysRefusal() {
        given("store-1", 3, 3);
        given("store-2", 2, 7);
        fixture.transfer(move(5, 3, 7, "move-1"));
        fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 10, 3, "restock"));
        fixture.skipRepliesAndState(1, 1);

        UpdateResult retry = fixture.transfer(move(5, 3, 7, "move-1"));

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        thenUnchanged(13, 4, 2, 7);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("the transfer's key reused with other items is IDEMPOTENCY_KEY_REUSED, and changes nothing")
    void keyReusedWithOtherItems() {
        given("store-1", 20, 3);
        given("store-2", 2, 7);
        fixture.transfer(move(5, 3, 7, "move-1"));
        fixture.state().readValuesToList();

        UpdateResult reuse = fixture.transfer(move(6, 4, 8, "move-1"));

        assertThat(reuse.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reuse.replayed()).isFalse();
        thenUnchanged(15, 4, 7, 8);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a single update reusing a transfer's key on one of its records is IDEMPOTENCY_KEY_REUSED")
    void singleUpdateReusingTransferKey() {
        given("store-1", 20, 3);
        given("store-2", 2, 7);
        fixture.transfer(move(5, 3, 7, "move-1"));
        fixture.state().readValuesToList();

        UpdateResult single = fixture.decide(UpdateRequest.adjust("store-2", "SKU-1", 1, 8, "move-1"));

        assertThat(single.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a transfer reusing a key a single update applied to one of its records is IDEMPOTENCY_KEY_REUSED")
    void transferReusingSingleUpdateKey() {
        given("store-1", 20, 3);
        given("store-2", 2, 7);
        fixture.decide(UpdateRequest.adjust("store-2", "SKU-1", 1, 7, "shared-key"));
        fixture.skipRepliesAndState(1, 1);

        UpdateResult reply = fixture.transfer(move(5, 3, 8, "shared-key"));

        assertThat(reply.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reply.items().orElseThrow())
                .extracting(UpdateResult::code)
                .containsExactly(ResultCode.TRANSFER_ABORTED, ResultCode.IDEMPOTENCY_KEY_REUSED);
        thenUnchanged(20, 3, 3, 8);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("an item without a version is VERSION_REQUIRED for the whole transfer, and not recorded")
    void itemWithoutVersion() {
        given("store-1", 20, 3);
        given("store-2", 2, 7);
        TransferRequest unversioned = TransferRequest.of(
                "SKU-1",
                "move-1",
                List.of(
                        Item.adjust("store-1", -5, 3),
                        new Item("store-2", Optional.empty(), Optional.of(5L), Optional.empty(), Optional.empty())));

        assertThat(fixture.transfer(unversioned).code()).isEqualTo(ResultCode.VERSION_REQUIRED);
        assertThat(fixture.transfer(move(5, 3, 7, "move-1")).code()).isEqualTo(ResultCode.APPLIED);
        fixture.state().readValuesToList();
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("an invalid transfer on the topic is dead-lettered and answered INVALID_REQUEST; nothing changes")
    void invalidTransfersAreRefused() {
        given("store-1", 20, 3);
        String oneItem = "{\"operation\":\"TRANSFER\",\"productId\":\"SKU-1\",\"idempotencyKey\":\"k1\","
                + "\"items\":[{\"storeId\":\"store-1\",\"delta\":-5,\"version\":3}]}";
        String duplicated = "{\"productId\":\"SKU-1\",\"idempotencyKey\":\"k2\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":-5,\"version\":3},{\"storeId\":\"store-1\",\"delta\":5,\"version\":3}]}";
        String otherProduct = "{\"productId\":\"SKU-1\",\"idempotencyKey\":\"k3\",\"items\":["
                + "{\"storeId\":\"store-1\",\"delta\":-5,\"version\":3},"
                + "{\"storeId\":\"store-2\",\"productId\":\"SKU-2\",\"delta\":5,\"version\":0}]}";
        String thousand = "{\"productId\":\"SKU-1\",\"idempotencyKey\":\"k4\",\"items\":["
                + IntStream.range(0, 1_000)
                        .mapToObj(i -> "{\"storeId\":\"s" + i + "\",\"delta\":1,\"version\":0}")
                        .collect(Collectors.joining(","))
                + "]}";

        for (String json : List.of(oneItem, duplicated, otherProduct, thousand)) {
            fixture.sendJson("SKU-1", json);
            assertThat(fixture.deadLetters().readValue().reason())
                    .isIn(DeadLetterReason.SCHEMA_INVALID, DeadLetterReason.OVERSIZED);
            assertThat(fixture.replies().readValue().code()).isEqualTo(ResultCode.INVALID_REQUEST);
            assertThat(fixture.results().readValue().code()).isEqualTo(ResultCode.INVALID_REQUEST);
        }
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(3);
        fixture.assertNoOtherOutput();
    }
}
