package dev.versioned.gateway.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.versioned.schemas.Operation;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.Optional;

/**
 * One applied change of a record, as its result on the results topic tells it.
 *
 * @param version the version the change made (the result's {@code newVersion})
 * @param operation what the request asked ({@code ADJUST}, {@code SET}, {@code DELETE}); absent in results
 *     written before results said so
 * @param delta the signed change an {@code ADJUST} asked for
 * @param quantity the absolute quantity a {@code SET} asked for
 * @param newQuantity the quantity after the change
 * @param lastUpdated when the change was applied
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record HistoryEntry(
        long version,
        Optional<Operation> operation,
        Optional<Long> delta,
        Optional<Long> quantity,
        Optional<Long> newQuantity,
        Optional<Instant> lastUpdated,
        Optional<String> idempotencyKey,
        Optional<String> correlationId) {

    /** The entry of an applied, not replayed result that made {@code version}. */
    static HistoryEntry of(long version, UpdateResult result) {
        return new HistoryEntry(
                version,
                result.operation(),
                result.delta(),
                result.quantity(),
                result.newQuantity(),
                result.lastUpdated(),
                result.idempotencyKey(),
                result.correlationId());
    }
}
