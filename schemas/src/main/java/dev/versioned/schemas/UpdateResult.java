package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one update request: sent to the request's reply address and to the results topic.
 *
 * <p>Field names follow the shape callers already expect ({@code productId, newQuantity, newVersion,
 * applied, lastUpdated}); everything else was added beside them. A refusal carries {@code code} and a
 * human-readable {@code error}; a {@link ResultCode#VERSION_CONFLICT} also carries the record's current
 * version and quantity so that the writer can retry without reading first.
 *
 * @param correlationId the correlation id of the request this answers (absent if it carried none)
 * @param replayed true when this is the recorded outcome of an earlier request with the same key
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record UpdateResult(
        Optional<String> correlationId,
        Optional<String> storeId,
        Optional<String> productId,
        Optional<String> idempotencyKey,
        boolean applied,
        ResultCode code,
        boolean replayed,
        Optional<Long> newQuantity,
        Optional<Long> newVersion,
        Optional<Instant> lastUpdated,
        Optional<Long> expectedVersion,
        Optional<Long> currentVersion,
        Optional<Long> currentQuantity,
        Optional<String> error) {

    public UpdateResult {
        correlationId = orEmpty(correlationId);
        storeId = orEmpty(storeId);
        productId = orEmpty(productId);
        idempotencyKey = orEmpty(idempotencyKey);
        newQuantity = orEmpty(newQuantity);
        newVersion = orEmpty(newVersion);
        lastUpdated = orEmpty(lastUpdated);
        expectedVersion = orEmpty(expectedVersion);
        currentVersion = orEmpty(currentVersion);
        currentQuantity = orEmpty(currentQuantity);
        error = orEmpty(error);
        if (code == null) {
            throw new IllegalArgumentException("code is required");
        }
        if (applied != (code == ResultCode.APPLIED)) {
            throw new IllegalArgumentException("applied must be true exactly when code is APPLIED, code=" + code);
        }
    }

    /** An applied update: the record is now {@code after}. */
    public static UpdateResult applied(UpdateRequest request, Optional<String> correlationId, InventoryRecord after) {
        return new UpdateResult(
                correlationId,
                Optional.of(request.storeId()),
                Optional.of(request.productId()),
                Optional.of(request.idempotencyKey()),
                true,
                ResultCode.APPLIED,
                false,
                Optional.of(after.quantity()),
                Optional.of(after.version()),
                Optional.of(after.lastUpdated()),
                request.version(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** A refusal by the rules; {@code current} is the record as it stands (untouched). */
    public static UpdateResult refused(
            UpdateRequest request,
            Optional<String> correlationId,
            ResultCode code,
            InventoryRecord current,
            String message) {
        return new UpdateResult(
                correlationId,
                Optional.of(request.storeId()),
                Optional.of(request.productId()),
                Optional.of(request.idempotencyKey()),
                false,
                code,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                request.version(),
                Optional.of(current.version()),
                Optional.of(current.quantity()),
                Optional.of(message));
    }

    /**
     * A refusal that states nothing about the record: invalid input (fields as far as they could be
     * read), a missing version, or a reused idempotency key.
     */
    public static UpdateResult rejected(
            Optional<String> storeId,
            Optional<String> productId,
            Optional<String> idempotencyKey,
            Optional<String> correlationId,
            ResultCode code,
            String message) {
        return new UpdateResult(
                correlationId,
                storeId,
                productId,
                idempotencyKey,
                false,
                code,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(message));
    }

    /** This recorded outcome, returned again to a retry: same decision, the retry's correlation id. */
    public UpdateResult asReplayFor(Optional<String> retryCorrelationId) {
        return new UpdateResult(
                retryCorrelationId,
                storeId,
                productId,
                idempotencyKey,
                applied,
                code,
                true,
                newQuantity,
                newVersion,
                lastUpdated,
                expectedVersion,
                currentVersion,
                currentQuantity,
                error);
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
