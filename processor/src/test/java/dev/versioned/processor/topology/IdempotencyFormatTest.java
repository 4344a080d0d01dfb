package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Entries written by an earlier version of the idempotency store are still honoured after an upgrade. */
class IdempotencyFormatTest extends TopologySpec {

    @Test
    @DisplayName("an outcome recorded as result JSON (format 1, before the compact form) is still replayed")
    void formatOneEntryReplays() {
        // given: the store holds what an earlier version recorded for this key: a conflict, as JSON
        UpdateRequest request = UpdateRequest.adjust("store-1", "SKU-1", 5, 3, "key-1");
        UpdateResult recorded = new UpdateResult(
                Optional.of("c-old"),
                Optional.of("store-1"),
                Optional.of("SKU-1"),
                Optional.of("key-1"),
                false,
                ResultCode.VERSION_CONFLICT,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(3L),
                Optional.of(9L),
                Optional.of(70L),
                Optional.of("version conflict: the record is at version 9, the request expected 3"));
        byte[] json = WireSerdes.UPDATE_RESULT.toBytes(recorded);
        byte[] entry = ByteBuffer.allocate(1 + Long.BYTES + 32 + json.length)
                .put((byte) 1)
                .putLong(fixture.now().toEpochMilli())
                .put(HexFormat.of().parseHex(Fingerprint.of(request)))
                .put(json)
                .array();
        KeyValueStore<String, byte[]> store = fixture.driver().getKeyValueStore(IdempotencyStore.NAME);
        store.put(new RecordKey("store-1", "SKU-1").asString() + RecordKey.SEPARATOR + "key-1", entry);

        // when: the request is retried after the upgrade
        UpdateResult retry = fixture.decide(request);

        // then: the recorded conflict comes back as a replay, not a new decision (the record is at version 0),
        // saying what the request asked, as every result now does
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.asReplayFor(Optional.of("c-old")))
                .isEqualTo(recorded.asReplayFor(Optional.of("c-old")).describing(request));
    }
}
