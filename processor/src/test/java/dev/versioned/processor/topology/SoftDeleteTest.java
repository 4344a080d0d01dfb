package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.Operation;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The lifecycle of a record: a soft DELETE keeps the version, and a deleted record is created again only at it. */
class SoftDeleteTest extends TopologySpec {

    private static final Instant EARLIER = Instant.parse("2025-09-01T00:00:00Z");

    private void given(long quantity, long version) {
        fixture.seed(new InventoryRecord("store-1", "SKU-1", quantity, version, EARLIER));
    }

    private void givenDeletedAt(long version) {
        fixture.seed(new InventoryRecord("store-1", "SKU-1", 0, version, EARLIER, true));
    }

    @Test
    @DisplayName("a DELETE at the current version marks the record deleted: version + 1, quantity 0, state published")
    void deleteAtCurrentVersion() {
        given(45, 3);

        UpdateResult result = fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 3, "del-1"));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.operation()).contains(Operation.DELETE);
        assertThat(result.newVersion()).contains(4L);
        assertThat(result.newQuantity()).contains(0L);
        InventoryRecord deleted = new InventoryRecord("store-1", "SKU-1", 0, 4, fixture.now(), true);
        assertThat(fixture.stored("store-1", "SKU-1")).isEqualTo(deleted);
        assertThat(fixture.state().readValue()).isEqualTo(deleted);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a DELETE at a stale version is a VERSION_CONFLICT and deletes nothing")
    void staleDeleteConflicts() {
        given(45, 3);

        UpdateResult result = fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 2, "del-1"));

        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(result.currentVersion()).contains(3L);
        assertThat(fixture.stored("store-1", "SKU-1").deleted()).isFalse();
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a DELETE without a version is VERSION_REQUIRED and not recorded: the key can be used again")
    void deleteWithoutVersionRequiresOne() {
        given(45, 3);
        UpdateRequest noVersion = new UpdateRequest(
                "store-1",
                "SKU-1",
                java.util.Optional.of(Operation.DELETE),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                "del-1");

        assertThat(fixture.decide(noVersion).code()).isEqualTo(ResultCode.VERSION_REQUIRED);
        assertThat(fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 3, "del-1"))
                        .code())
                .isEqualTo(ResultCode.APPLIED);
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a DELETE of a record never written is NOT_FOUND at version 0")
    void deleteOfAbsentIsNotFound() {
        UpdateResult result = fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 1, "del-1"));

        assertThat(result.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(result.currentVersion()).contains(0L);
        assertThat(result.error().orElseThrow()).contains("never written");
        assertThat(fixture.stored("store-1", "SKU-1")).isNull();
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a DELETE of a deleted record is NOT_FOUND, whatever its version")
    void deleteOfDeletedIsNotFound() {
        givenDeletedAt(4);

        UpdateResult result = fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 4, "del-2"));

        assertThat(result.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(result.currentVersion()).contains(4L);
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(4);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("an update of a deleted record at an older version is NOT_FOUND, not a conflict")
    void staleUpdateOfDeletedIsNotFound() {
        givenDeletedAt(4);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 5, 3, "late-1"));

        assertThat(result.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(result.currentVersion()).contains(4L);
        assertThat(result.error().orElseThrow())
                .contains("deleted at version 4")
                .contains("at version 4 creates it");
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a create at version 0 of a deleted record is NOT_FOUND too: it names the version to create at")
    void createAtZeroOfDeletedIsNotFound() {
        givenDeletedAt(4);

        UpdateResult result = fixture.decide(UpdateRequest.set("store-1", "SKU-1", 10, 0, "create-0"));

        assertThat(result.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(result.currentVersion()).contains(4L);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("an update at the deleted record's version creates it again, from quantity 0, at version + 1")
    void recreateAtDeletedVersion() {
        givenDeletedAt(4);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 7, 4, "recreate-1"));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.newQuantity()).contains(7L);
        assertThat(result.newVersion()).contains(5L);
        InventoryRecord live = new InventoryRecord("store-1", "SKU-1", 7, 5, fixture.now());
        assertThat(fixture.stored("store-1", "SKU-1")).isEqualTo(live);
        assertThat(fixture.state().readValue()).isEqualTo(live);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a retried DELETE gets its first outcome again and deletes nothing more")
    void retriedDeleteReplays() {
        given(45, 3);
        UpdateResult first = fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 3, "del-1"));

        UpdateResult retry = fixture.decide(UpdateRequest.delete("store-1", "SKU-1", 3, "del-1"));

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(retry.operation()).contains(Operation.DELETE);
        assertThat(retry.newVersion()).isEqualTo(first.newVersion());
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(4);
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }
}
