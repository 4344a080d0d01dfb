package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Outcomes are replayed for the retention (default 24 h), then forgotten. */
class IdempotencyRetentionTest extends TopologySpec {

    @Test
    @DisplayName("a retry just inside the retention is still a replay")
    void replayInsideRetention() {
        UpdateRequest create = UpdateRequest.set("store-1", "SKU-1", 5, 0, "create-1");
        fixture.decide(create);

        fixture.advance(Duration.ofHours(23).plusMinutes(59));
        UpdateResult retry = fixture.decide(create);

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    @DisplayName("after the retention the key is forgotten: the same request is decided anew")
    void forgottenAfterRetention() {
        UpdateRequest create = UpdateRequest.set("store-1", "SKU-1", 5, 0, "create-1");
        fixture.decide(create);

        fixture.advance(Duration.ofHours(24).plusMinutes(1));
        UpdateResult late = fixture.decide(create);

        assertThat(late.replayed()).isFalse();
        assertThat(late.code()).as("decided again: the record exists now").isEqualTo(ResultCode.VERSION_CONFLICT);
    }

    @Test
    @DisplayName("expired entries are swept from the store on the wall-clock schedule, so it stays bounded")
    void storeIsBounded() {
        // refusals: outcomes remembered under their key (an applied conditional update is in its record)
        for (int i = 0; i < 50; i++) {
            fixture.decide(UpdateRequest.adjust("store-1", "SKU-" + i, -1, 0, "old-" + i));
        }
        fixture.advance(Duration.ofHours(25));
        fixture.decide(UpdateRequest.adjust("store-1", "SKU-new", -1, 0, "new"));
        assertThat(entries()).as("nothing swept before the sweep runs").isEqualTo(51);

        fixture.driver().advanceWallClockTime(IdempotencyStore.SWEEP_INTERVAL.plusSeconds(1));

        assertThat(entries()).as("only the entry within retention is left").isEqualTo(1);
    }

    @Test
    @DisplayName("a sweep examines at most its batch and continues where it stopped, so no run holds the thread long")
    void sweepIsIncremental() {
        KeyValueStore<String, byte[]> store = fixture.driver().getKeyValueStore(IdempotencyStore.NAME);
        IdempotencyStore idempotency = new IdempotencyStore(store, Duration.ofHours(24));
        for (int i = 0; i < 25; i++) {
            fixture.decide(UpdateRequest.adjust("store-1", "SKU-" + i, -1, 0, "old-" + i));
        }
        Instant later = fixture.now().plus(Duration.ofHours(30));

        assertThat(idempotency.sweep(later, 10)).isEqualTo(10);
        assertThat(idempotency.sweep(later, 10)).isEqualTo(10);
        assertThat(idempotency.sweep(later, 10)).isEqualTo(5);
        assertThat(entries()).isZero();
    }

    @Test
    @DisplayName(
            "a past-dated request is recorded in stream time: the sweep cannot delete its key while a retry would still be replayed")
    void pastDatedRequestIsRecordedInStreamTime() {
        // given stream time 25 h ahead of a request's own timestamp
        Instant past = fixture.now();
        fixture.advance(Duration.ofHours(25));
        fixture.decide(UpdateRequest.set("store-1", "SKU-now", 1, 0, "now"));
        // when the past-dated request is decided, the sweep runs, and the request is retried, past-dated again
        fixture.at(past);
        UpdateRequest late = UpdateRequest.set("store-1", "SKU-late", 7, 0, "late-1");
        assertThat(fixture.decide(late).code()).isEqualTo(ResultCode.APPLIED);
        fixture.driver().advanceWallClockTime(IdempotencyStore.SWEEP_INTERVAL.plusSeconds(1));
        UpdateResult retry = fixture.decide(late);

        // then the retry is a replay of the first outcome, not decided again
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    @DisplayName(
            "an entry recorded for a past-dated request expires one retention after the stream time it was recorded at")
    void pastDatedEntryExpiresFromStreamTime() {
        // given a past-dated request recorded while stream time is 25 h ahead of it
        Instant past = fixture.now();
        fixture.advance(Duration.ofHours(25));
        Instant streamTime = fixture.now();
        fixture.decide(UpdateRequest.set("store-1", "SKU-now", 1, 0, "now"));
        fixture.at(past);
        UpdateRequest late = UpdateRequest.set("store-1", "SKU-late", 7, 0, "late-1");
        fixture.decide(late);

        // when stream time moves to just inside, then just past, one retention after that stream time
        fixture.at(streamTime.plus(Duration.ofHours(23).plusMinutes(59)));
        UpdateResult inside = fixture.decide(late);
        fixture.at(streamTime.plus(Duration.ofHours(24).plusMinutes(1)));
        UpdateResult outside = fixture.decide(late);

        // then it is replayed inside the retention and forgotten after it
        assertThat(inside.replayed()).isTrue();
        assertThat(outside.replayed()).isFalse();
        assertThat(outside.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
    }

    private long entries() {
        return fixture.idempotencyKeys().size();
    }

    @Test
    @DisplayName("a shorter configured retention is honoured")
    void configuredRetention() {
        restartWith(TopologyFixture.settings().withRetention(Duration.ofMinutes(10)));
        UpdateRequest create = UpdateRequest.set("store-1", "SKU-1", 5, 0, "create-1");
        fixture.decide(create);

        fixture.advance(Duration.ofMinutes(11));

        assertThat(fixture.decide(create).replayed()).isFalse();
    }
}
