package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The scenarios of the OCC and idempotency guide the product was created from (seed 004).
 * Each test ends by checking that nothing else was written: the replies and state records it does not look
 * at are counted and skipped ({@link TopologyFixture#skipRepliesAndState}), then every output must be empty.
 */
class SeedScenariosTest extends TopologySpec {

    @BeforeEach
    void given() {
        Instant earlier = Instant.parse("2025-09-01T00:00:00Z");
        fixture.seed(new InventoryRecord("store-1", "SKU-001", 45, 12, earlier));
        fixture.seed(new InventoryRecord("store-1", "SKU-002", 23, 8, earlier));
        fixture.seed(new InventoryRecord("store-1", "SKU-003", 67, 15, earlier));
        fixture.seed(new InventoryRecord("store-1", "SKU-004", 20, 6, earlier));
    }

    @Test
    @DisplayName("successful update: SKU-001 at version 12, delta +5 -> quantity 50, version 13")
    void successfulUpdate() {
        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", 5, 12, "unique-key-001"));

        assertThat(result.productId()).contains("SKU-001");
        assertThat(result.newQuantity()).contains(50L);
        assertThat(result.newVersion()).contains(13L);
        assertThat(result.applied()).isTrue();
        fixture.skipRepliesAndState(1, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("version conflict: version 10 against a record at 12 is refused, applied=false")
    void versionConflict() {
        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", 3, 10, "conflict-key-001"));

        assertThat(result.productId()).contains("SKU-001");
        assertThat(result.applied()).isFalse();
        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("idempotent request: the duplicate returns the cached result (25, version 9)")
    void duplicateReturnsCachedResult() {
        UpdateRequest request = UpdateRequest.adjust("store-1", "SKU-002", 2, 8, "duplicate-key-001");
        UpdateResult first = fixture.decide(request);
        UpdateResult duplicate = fixture.decide(request);

        assertThat(first.newQuantity()).contains(25L);
        assertThat(duplicate.newQuantity()).contains(25L);
        assertThat(duplicate.newVersion()).contains(9L);
        assertThat(duplicate.lastUpdated()).isEqualTo(first.lastUpdated());
        assertThat(fixture.stored("store-1", "SKU-002").version()).isEqualTo(9);
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("batch with mixed results: each item decided on its own, SKU-003 applied, SKU-004 conflicts")
    void batchWithMixedResults() {
        fixture.send(UpdateRequest.adjust("store-1", "SKU-003", 10, 15, "batch-success-001"));
        fixture.send(UpdateRequest.adjust("store-1", "SKU-004", -5, 999, "batch-conflict-001"));

        List<UpdateResult> results = fixture.results().readValuesToList();
        assertThat(results).hasSize(2);
        assertThat(results.get(0).newQuantity()).contains(77L);
        assertThat(results.get(0).newVersion()).contains(16L);
        assertThat(results.get(1).applied()).isFalse();
        assertThat(results.get(1).currentVersion()).contains(6L);
        assertThat(results.get(1).expectedVersion()).contains(999L);
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("concurrent updates at the same version: the first applies, the second conflicts")
    void concurrentUpdatesAtSameVersion() {
        fixture.send(UpdateRequest.adjust("store-1", "SKU-003", 1, 15, "concurrent-001"));
        fixture.send(UpdateRequest.adjust("store-1", "SKU-003", 2, 15, "concurrent-002"));

        List<UpdateResult> results = fixture.results().readValuesToList();
        assertThat(results)
                .extracting(UpdateResult::code)
                .containsExactly(ResultCode.APPLIED, ResultCode.VERSION_CONFLICT);
        assertThat(fixture.stored("store-1", "SKU-003").quantity()).isEqualTo(68);
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }
}
