package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of the decision order and per result code, on the production topology.
 * Each test ends by checking that nothing else was written: the replies and state records it does not look
 * at are counted and skipped ({@link TopologyFixture#skipRepliesAndState}), then every output must be empty.
 */
class DecisionOrderTest extends TopologySpec {

    private void given(String productId, long quantity, long version) {
        fixture.seed(
                new InventoryRecord("store-1", productId, quantity, version, Instant.parse("2025-09-01T00:00:00Z")));
    }

    @Test
    @DisplayName("an ADJUST at the current version is applied: quantity changes, version + 1, state published")
    void appliesAdjustAtCurrentVersion() {
        given("SKU-001", 45, 12);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", 5, 12, "unique-key-001"));

        assertThat(result.applied()).isTrue();
        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.newQuantity()).contains(50L);
        assertThat(result.newVersion()).contains(13L);
        assertThat(result.lastUpdated()).contains(fixture.now());
        assertThat(fixture.state().readKeyValue().value)
                .isEqualTo(new InventoryRecord("store-1", "SKU-001", 50, 13, fixture.now()));
        assertThat(fixture.stored("store-1", "SKU-001").version()).isEqualTo(13);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a SET at the current version replaces the quantity")
    void appliesSet() {
        given("SKU-002", 7, 3);

        UpdateResult result = fixture.decide(UpdateRequest.set("store-1", "SKU-002", 40, 3, "set-1"));

        assertThat(result.newQuantity()).contains(40L);
        assertThat(result.newVersion()).contains(4L);
        fixture.skipRepliesAndState(1, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("version 0 creates a record that does not exist yet")
    void versionZeroCreates() {
        UpdateResult result = fixture.decide(UpdateRequest.set("store-1", "SKU-NEW", 10, 0, "create-1"));

        assertThat(result.applied()).isTrue();
        assertThat(result.newVersion()).contains(1L);
        assertThat(fixture.stored("store-1", "SKU-NEW").quantity()).isEqualTo(10);
        fixture.skipRepliesAndState(1, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("version 0 on an existing record is a VERSION_CONFLICT")
    void versionZeroOnExistingConflicts() {
        given("SKU-001", 45, 12);

        UpdateResult result = fixture.decide(UpdateRequest.set("store-1", "SKU-001", 10, 0, "create-again"));

        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(result.currentVersion()).contains(12L);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a stale version is refused with VERSION_CONFLICT carrying expected and current version and quantity")
    void staleVersionConflicts() {
        given("SKU-001", 50, 13);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", 3, 10, "conflict-key-001"));

        assertThat(result.applied()).isFalse();
        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(result.expectedVersion()).contains(10L);
        assertThat(result.currentVersion()).contains(13L);
        assertThat(result.currentQuantity()).contains(50L);
        assertThat(result.error())
                .hasValueSatisfying(message -> assertThat(message).contains("version 13"));
        assertThat(fixture.state().isEmpty()).isTrue();
        assertThat(fixture.stored("store-1", "SKU-001").version()).isEqualTo(13);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("an update that would make the quantity negative is refused with INSUFFICIENT_STOCK")
    void negativeQuantityIsInsufficientStock() {
        given("SKU-001", 3, 2);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", -5, 2, "take-5"));

        assertThat(result.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(result.currentQuantity()).contains(3L);
        assertThat(fixture.stored("store-1", "SKU-001").quantity()).isEqualTo(3);
        assertThat(fixture.state().isEmpty()).isTrue();
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("an update that would take the quantity above the maximum is refused with QUANTITY_OUT_OF_RANGE")
    void tooLargeQuantityIsOutOfRange() {
        given("SKU-001", UpdateRequest.MAX_QUANTITY - 1, 2);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", 2, 2, "overflow"));

        assertThat(result.code()).isEqualTo(ResultCode.QUANTITY_OUT_OF_RANGE);
        assertThat(fixture.stored("store-1", "SKU-001").quantity()).isEqualTo(UpdateRequest.MAX_QUANTITY - 1);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("version conflict is checked before stock: a stale request never reports INSUFFICIENT_STOCK")
    void conflictBeforeStock() {
        given("SKU-001", 0, 5);

        assertThat(fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", -1, 4, "k"))
                        .code())
                .isEqualTo(ResultCode.VERSION_CONFLICT);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a request without version is refused with VERSION_REQUIRED while unconditional updates are off")
    void missingVersionIsRequired() {
        given("SKU-001", 5, 1);

        UpdateResult result = fixture.decide(UpdateRequest.unconditionalAdjust("store-1", "SKU-001", 1, "no-version"));

        assertThat(result.code()).isEqualTo(ResultCode.VERSION_REQUIRED);
        assertThat(fixture.stored("store-1", "SKU-001").version()).isEqualTo(1);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("VERSION_REQUIRED records nothing: the same key with a version is then decided normally")
    void versionRequiredRecordsNothing() {
        given("SKU-001", 5, 1);
        fixture.decide(UpdateRequest.unconditionalAdjust("store-1", "SKU-001", 1, "k-1"));

        UpdateResult corrected = fixture.decide(UpdateRequest.adjust("store-1", "SKU-001", 1, 1, "k-1"));

        assertThat(corrected.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(corrected.replayed()).isFalse();
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a retry with the same key and fields gets the first outcome again, flagged as a replay, applied once")
    void sameKeySameFieldsReplays() {
        given("SKU-002", 23, 8);
        UpdateRequest request = UpdateRequest.adjust("store-1", "SKU-002", 2, 8, "duplicate-key-001");
        UpdateResult first = fixture.decide(request);
        fixture.state().readValuesToList();

        String retryId = fixture.send(request);
        UpdateResult retry = fixture.results().readValue();

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.correlationId()).contains(retryId);
        assertThat(retry.asReplayFor(first.correlationId())).isEqualTo(first.asReplayFor(first.correlationId()));
        assertThat(retry.newQuantity()).contains(25L);
        assertThat(retry.newVersion()).contains(9L);
        assertThat(fixture.state().isEmpty()).as("nothing applied again").isTrue();
        assertThat(fixture.stored("store-1", "SKU-002").version()).isEqualTo(9);
        fixture.skipRepliesAndState(2, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a refusal is recorded too: the retry of a conflicting request replays the conflict")
    void refusalIsReplayed() {
        given("SKU-001", 50, 13);
        UpdateRequest stale = UpdateRequest.adjust("store-1", "SKU-001", 3, 10, "conflict-1");
        fixture.decide(stale);

        UpdateResult retry = fixture.decide(stale);

        assertThat(retry.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(retry.replayed()).isTrue();
        fixture.skipRepliesAndState(2, 0);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("the same key with different fields is refused with IDEMPOTENCY_KEY_REUSED and changes nothing")
    void sameKeyDifferentFieldsIsReused() {
        given("SKU-002", 23, 8);
        fixture.decide(UpdateRequest.adjust("store-1", "SKU-002", 2, 8, "key-1"));

        UpdateResult reuse = fixture.decide(UpdateRequest.adjust("store-1", "SKU-002", 7, 9, "key-1"));

        assertThat(reuse.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(fixture.stored("store-1", "SKU-002").quantity()).isEqualTo(25);
        assertThat(fixture.decide(UpdateRequest.adjust("store-1", "SKU-002", 2, 8, "key-1"))
                        .replayed())
                .as("the original request still replays")
                .isTrue();
        fixture.skipRepliesAndState(3, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("idempotency keys are scoped per record: the same key on another product is a new operation")
    void keysArePerRecord() {
        fixture.decide(UpdateRequest.set("store-1", "SKU-A", 1, 0, "shared-key"));

        UpdateResult other = fixture.decide(UpdateRequest.set("store-1", "SKU-B", 1, 0, "shared-key"));

        assertThat(other.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(other.replayed()).isFalse();
        fixture.skipRepliesAndState(2, 2);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName(
            "an invalid request is refused with INVALID_REQUEST and records nothing: a corrected one may reuse the key")
    void invalidRequestRecordsNothing() {
        fixture.sendJson(
                "SKU-001",
                "{\"storeId\":\"store-1\",\"productId\":\"SKU-001\",\"quantity\":-4,\"version\":0,"
                        + "\"idempotencyKey\":\"fix-me\"}");
        UpdateResult invalid = fixture.results().readValue();

        UpdateResult corrected = fixture.decide(UpdateRequest.set("store-1", "SKU-001", 4, 0, "fix-me"));

        assertThat(invalid.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(invalid.productId()).contains("SKU-001");
        assertThat(invalid.error()).hasValueSatisfying(m -> assertThat(m).contains("quantity"));
        assertThat(corrected.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(fixture.deadLetters().readValue().reason()).isEqualTo(DeadLetterReason.SCHEMA_INVALID);
        fixture.skipRepliesAndState(2, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName(
            "with unconditional updates enabled, an ADJUST without version is applied at whatever version is current")
    void unconditionalAdjustWhenEnabled() {
        restartWith(TopologyFixture.settings().withUnconditionalAdjust(true));
        given("SKU-001", 5, 7);

        UpdateResult result = fixture.decide(UpdateRequest.unconditionalAdjust("store-1", "SKU-001", -2, "u-1"));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.newVersion()).contains(8L);
        assertThat(result.expectedVersion()).isEqualTo(Optional.empty());
        fixture.skipRepliesAndState(1, 1);
        fixture.assertNoOtherOutput();
    }

    @Test
    @DisplayName("a SET without version is refused with VERSION_REQUIRED even when unconditional ADJUST is enabled")
    void unconditionalSetIsNeverAccepted() {
        restartWith(TopologyFixture.settings().withUnconditionalAdjust(true));
        UpdateRequest set = new UpdateRequest(
                "store-1", "SKU-001", Optional.empty(), Optional.empty(), Optional.of(5L), Optional.empty(), "u-set");

        assertThat(fixture.decide(set).code()).isEqualTo(ResultCode.VERSION_REQUIRED);
        fixture.skipRepliesAndState(1, 0);
        fixture.assertNoOtherOutput();
    }
}
