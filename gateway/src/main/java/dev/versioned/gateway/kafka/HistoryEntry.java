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
 * @param operation what the request asked, when the result says so
 * @param delta the signed change an {@code ADJUST} asked for, when the result says so
 * @param quantity the absolute quantity a {@code SET} asked for, when the result says so
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
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                result.newQuantity(),
                result.lastUpdated(),
                result.idempotencyKey(),
                result.correlationId());
    }
}
