package dev.versioned.processor.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The idempotency store's binary outcome gives back, for a replay, every field the first result had. */
class OutcomeCodecProperties {

    private static final RecordKey RECORD = new RecordKey("store-1", "SKU-1");

    @Property
    void decodingGivesBackTheRecordedOutcomeWithoutItsCorrelationId(@ForAll("recordedOutcomes") UpdateResult outcome) {
        UpdateResult decoded = OutcomeCodec.decode(OutcomeCodec.encode(outcome), 0, RECORD, "key-1");

        assertThat(decoded.correlationId()).isEmpty();
        assertThat(decoded.asReplayFor(outcome.correlationId()))
                .isEqualTo(outcome.asReplayFor(outcome.correlationId()));
        assertThat(decoded.replayed()).isFalse();
    }

    @Example
    void anAppliedOutcomeTakesUnderFortyBytes() {
        UpdateRequest request = UpdateRequest.adjust("store-1", "SKU-1", 3, 7, "key-1");
        UpdateResult applied = UpdateResult.applied(
                request,
                Optional.of("correlation-1"),
                new InventoryRecord("store-1", "SKU-1", 12, 8, Instant.parse("2026-11-23T18:00:00.123Z")));

        assertThat(OutcomeCodec.encode(applied)).hasSizeLessThan(40);
    }

    @Example
    void anOutcomeAtAnOffsetIsReadFromThere() {
        UpdateResult conflict = new UpdateResult(
                Optional.empty(),
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
                Optional.of(5L),
                Optional.of(40L),
                Optional.of("version conflict"));
        byte[] encoded = OutcomeCodec.encode(conflict);
        byte[] withHeader = new byte[7 + encoded.length];
        System.arraycopy(encoded, 0, withHeader, 7, encoded.length);

        assertThat(OutcomeCodec.decode(withHeader, 7, RECORD, "key-1")).isEqualTo(conflict);
    }

    @Provide
    Arbitrary<UpdateResult> recordedOutcomes() {
        Arbitrary<ResultCode> codes = Arbitraries.of(ResultCode.values()).filter(ResultCode::isRecorded);
        Arbitrary<Optional<Long>> numbers =
                Arbitraries.longs().between(-1, UpdateRequest.MAX_QUANTITY).optional();
        Arbitrary<Optional<Instant>> times = Arbitraries.longs()
                .between(0, 4_102_444_800_000L)
                .map(ms -> Instant.ofEpochMilli(ms).plusNanos(ms % 1_000_000))
                .optional();
        Arbitrary<Optional<String>> errors =
                Arbitraries.strings().ofMaxLength(200).optional();
        Arbitrary<Optional<String>> correlations =
                Arbitraries.strings().alpha().ofLength(8).optional();
        return Combinators.combine(
                        codes,
                        Combinators.combine(numbers, numbers, numbers, numbers, numbers)
                                .as(Numbers::new),
                        times,
                        errors,
                        correlations)
                .as((code, n, time, error, correlation) -> new UpdateResult(
                        correlation,
                        Optional.of(RECORD.storeId()),
                        Optional.of(RECORD.productId()),
                        Optional.of("key-1"),
                        code == ResultCode.APPLIED,
                        code,
                        false,
                        n.a(),
                        n.b(),
                        time,
                        n.c(),
                        n.d(),
                        n.e(),
                        error));
    }

    private record Numbers(Optional<Long> a, Optional<Long> b, Optional<Long> c, Optional<Long> d, Optional<Long> e) {}
}
