package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.processor.store.IdempotencyStore;
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
        for (int i = 0; i < 50; i++) {
            fixture.decide(UpdateRequest.set("store-1", "SKU-" + i, 1, 0, "old-" + i));
        }
        fixture.advance(Duration.ofHours(25));
        fixture.decide(UpdateRequest.set("store-1", "SKU-new", 1, 0, "new"));
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
            fixture.decide(UpdateRequest.set("store-1", "SKU-" + i, 1, 0, "old-" + i));
        }
        Instant later = fixture.now().plus(Duration.ofHours(30));

        assertThat(idempotency.sweep(later, 10)).isEqualTo(10);
        assertThat(idempotency.sweep(later, 10)).isEqualTo(10);
        assertThat(idempotency.sweep(later, 10)).isEqualTo(5);
        assertThat(entries()).isZero();
    }

    private long entries() {
        KeyValueStore<String, byte[]> store = fixture.driver().getKeyValueStore(IdempotencyStore.NAME);
        long count = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                count++;
            }
        }
        return count;
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
