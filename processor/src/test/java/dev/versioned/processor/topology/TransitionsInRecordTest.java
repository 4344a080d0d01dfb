package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.Transitions;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * An applied conditional update is remembered by its record (its recent transitions), not by a keyed
 * idempotency entry: retries are still replayed, reuses still refused, for the whole retention.
 */
class TransitionsInRecordTest extends TopologySpec {

    @Test
    @DisplayName("an applied conditional update leaves only a marker under its key, not its outcome")
    void appliedConditionalUpdatesLeaveAMarker() {
        // when a product is created and updated within its first block of versions
        applyVersions("SKU-1", 0, Transitions.PER_BLOCK);

        // then the idempotency store holds one 17-byte marker per applied key, and no block
        assertThat(idempotencyEntries()).isEqualTo(Transitions.PER_BLOCK);
        assertThat(fixture.idempotencyValueSizes()).containsOnly(17);
    }

    @Test
    @DisplayName("a completed block of transitions moves to the idempotency store as one entry")
    void aCompletedBlockIsOneEntry() {
        // when the update after a full block is applied
        applyVersions("SKU-1", 0, Transitions.PER_BLOCK + 1);

        // then one entry holds the completed block, beside the applied keys' markers
        assertThat(storedBlocks()).isEqualTo(1);
        assertThat(idempotencyEntries()).isEqualTo(Transitions.PER_BLOCK + 1 + 1);
    }

    @Test
    @DisplayName("a key that applied is never applied again, at any version, after its block was completed")
    void appliedKeyIsNeverAppliedAgainAfterItsBlockMovedOut() {
        // given an update applied at version 1, and the record moved two blocks on by other writers
        applyVersions("SKU-1", 0, 2 * Transitions.PER_BLOCK + 3);
        long current = fixture.stored("store-1", "SKU-1").version();

        // when its key is sent again with the same change at the version the record is at now
        // (a client repeating a crashed operation, which no longer knows the version it read)
        UpdateResult repeat = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 1, current, "SKU-1-v1"));

        // then nothing is applied, and the refusal carries what the key decided first
        assertThat(repeat.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(current);
        UpdateResult first = repeat.firstOutcome().orElseThrow();
        assertThat(first.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(first.replayed()).isTrue();
        assertThat(first.newVersion()).contains(2L);
        assertThat(first.newQuantity()).contains(2L);
        assertThat(first.expectedVersion()).contains(1L);
    }

    @Test
    @DisplayName("a reused key's refusal carries a recorded refusal as its first outcome")
    void reusedKeyCarriesARecordedRefusal() {
        // given a key refused VERSION_CONFLICT
        applyVersions("SKU-1", 0, 3);
        UpdateResult conflict = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 1, 1, "late"));

        // when the key is sent again at the current version
        UpdateResult repeat = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 1, 3, "late"));

        // then it is refused, and its first outcome is the conflict as it was decided
        assertThat(conflict.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(repeat.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        UpdateResult first = repeat.firstOutcome().orElseThrow();
        assertThat(first.replayed()).isTrue();
        assertThat(first.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(first.expectedVersion()).isEqualTo(conflict.expectedVersion());
        assertThat(first.currentVersion()).isEqualTo(conflict.currentVersion());
        assertThat(first.currentQuantity()).isEqualTo(conflict.currentQuantity());
        assertThat(first.error()).isEqualTo(conflict.error());
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(3);
    }

    @Test
    @DisplayName("a retry of an applied update is replayed after the record moved on, from the record's transitions")
    void retryReplayedFromTheRecord() {
        // given a product created, updated at version 1, then updated by others
        applyVersions("SKU-1", 0, 5);
        UpdateRequest second = request("SKU-1", 1);

        // when the update at version 1 is retried
        UpdateResult retry = fixture.decide(second);

        // then its first outcome is replayed: the transition to version 2
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(retry.newVersion()).contains(2L);
        assertThat(retry.newQuantity()).contains(2L);
        assertThat(retry.expectedVersion()).contains(1L);
        assertThat(retry.idempotencyKey()).contains(second.idempotencyKey());
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(5);
    }

    @Test
    @DisplayName("a retry is replayed from a completed block after the record moved to later blocks")
    void retryReplayedFromAStoredBlock() {
        // given a product whose version 3 update lies two blocks back
        applyVersions("SKU-1", 0, 2 * Transitions.PER_BLOCK + 3);

        // when it is retried
        UpdateResult retry = fixture.decide(request("SKU-1", 2));

        // then it is replayed with the record as that update left it
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.newVersion()).contains(3L);
        assertThat(retry.newQuantity()).contains(3L);
    }

    @Test
    @DisplayName("the replayed outcome is the one the first request got, field for field")
    void replayEqualsTheFirstOutcome() {
        // given an applied update and its published result
        applyVersions("SKU-1", 0, 1);
        UpdateRequest update = request("SKU-1", 1);
        UpdateResult first = fixture.decide(update);
        applyVersions("SKU-1", 2, 20);

        // when it is retried
        UpdateResult retry = fixture.decide(update);

        // then the replay equals the first outcome but for the replay flag
        assertThat(retry).isEqualTo(first.asReplayFor(retry.correlationId()));
    }

    @Test
    @DisplayName("the same key with other fields is refused IDEMPOTENCY_KEY_REUSED, at the same or another version")
    void reuseWithOtherFieldsIsRefused() {
        // given an applied update at version 1
        applyVersions("SKU-1", 0, 3);

        // when its key is sent with another delta at the same version, and at the current version
        UpdateResult sameVersion = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 7, 1, "SKU-1-v1"));
        UpdateResult currentVersion = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 1, 3, "SKU-1-v1"));

        // then both are refused with the first outcome, and nothing changes
        assertThat(sameVersion.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(currentVersion.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(sameVersion.firstOutcome().flatMap(UpdateResult::newVersion)).contains(2L);
        assertThat(currentVersion.firstOutcome().flatMap(UpdateResult::newVersion))
                .contains(2L);
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(3);
    }

    @Test
    @DisplayName("another key at a version already passed is a VERSION_CONFLICT, not a replay")
    void anotherKeyAtAPassedVersionConflicts() {
        applyVersions("SKU-1", 0, 3);

        UpdateResult result = fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 1, 1, "someone-else"));

        assertThat(result.replayed()).isFalse();
        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
    }

    @Test
    @DisplayName("after the retention a transition is forgotten like any entry, and its stored block is swept")
    void transitionsExpireWithTheRetention() {
        // given a record two blocks on, so that its first block is stored
        applyVersions("SKU-1", 0, Transitions.PER_BLOCK + 2);
        assertThat(storedBlocks()).isEqualTo(1);

        // when the retention has passed
        fixture.advance(Duration.ofHours(24).plusMinutes(1));
        UpdateResult late = fixture.decide(request("SKU-1", 1));
        UpdateResult lateInRecord = fixture.decide(request("SKU-1", Transitions.PER_BLOCK + 1));
        fixture.driver().advanceWallClockTime(IdempotencyStore.SWEEP_INTERVAL.plusSeconds(1));

        // then retries are decided again, and the block is gone
        assertThat(late.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(lateInRecord.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(storedBlocks()).isZero();
    }

    @Test
    @DisplayName("a record stored before records kept transitions is read, and keeps transitions from its next update")
    void recordWithoutTransitionsIsUpgraded() {
        // given a record stored in the earlier format, with no transitions
        fixture.seed(new InventoryRecord("store-1", "SKU-1", 10, 7, Instant.parse("2026-01-01T00:00:00Z")));

        // when it is updated, and the update retried
        UpdateRequest update = UpdateRequest.adjust("store-1", "SKU-1", 1, 7, "after-upgrade");
        UpdateResult first = fixture.decide(update);
        fixture.decide(UpdateRequest.adjust("store-1", "SKU-1", 1, 8, "next"));
        UpdateResult retry = fixture.decide(update);

        // then the update applied once and its retry is replayed
        assertThat(first.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.newVersion()).contains(8L);
        assertThat(fixture.stored("store-1", "SKU-1").version()).isEqualTo(9);
    }

    /** Applies ADJUST +1 from version {@code from} up to version {@code to}, one key per version. */
    private void applyVersions(String product, long from, long to) {
        for (long version = from; version < to; version++) {
            UpdateResult result = fixture.decide(request(product, version));
            assertThat(result.code()).as("update at version " + version).isEqualTo(ResultCode.APPLIED);
        }
    }

    private static UpdateRequest request(String product, long version) {
        return UpdateRequest.adjust("store-1", product, 1, version, product + "-v" + version);
    }

    private long idempotencyEntries() {
        return idempotencyKeys().size();
    }

    /** Entries that hold blocks of transitions: their keys end in a control character and the block number. */
    private long storedBlocks() {
        return idempotencyKeys().stream().filter(key -> key.indexOf(1) >= 0).count();
    }

    private List<String> idempotencyKeys() {
        return fixture.idempotencyKeys();
    }
}
