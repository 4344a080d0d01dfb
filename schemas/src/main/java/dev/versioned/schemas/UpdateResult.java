package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one update request: sent to the request's reply address and to the results topic.
 *
 * <p>Field names follow the shape callers already expect ({@code productId, newQuantity, newVersion,
 * applied, lastUpdated}); everything else was added beside them. A refusal carries {@code code} and a
 * human-readable {@code error}; a {@link ResultCode#VERSION_CONFLICT} also carries the record's current
 * version and quantity so that the writer can retry without reading first.
 *
 * <p>A transfer's outcome carries {@code operation: TRANSFER}, no {@code storeId}, and one result per item in
 * {@code items}, in the request's order: all {@code APPLIED}, or none, each refused item with its own code and
 * the items that alone would have applied with {@link ResultCode#TRANSFER_ABORTED}. Its {@code code} is
 * {@code APPLIED} or the first refused item's (other than {@code TRANSFER_ABORTED}).
 *
 * @param correlationId the correlation id of the request this answers (absent if it carried none)
 * @param replayed true when this is the recorded outcome of an earlier request with the same key
 * @param operation what the request asked: ADJUST, SET, DELETE or TRANSFER (absent when it could not be read)
 * @param delta the delta an ADJUST asked for
 * @param quantity the quantity a SET asked for
 * @param items a transfer's results, one per item
 * @param firstOutcome on {@link ResultCode#IDEMPOTENCY_KEY_REUSED}: the outcome the key's first request got
 *     (replayed, without its own {@code firstOutcome}), so that a caller repeating an operation whose fields it
 *     no longer knows (a client that crashed) learns what the key decided without applying anything again
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
        Optional<String> error,
        Optional<Operation> operation,
        Optional<Long> delta,
        Optional<Long> quantity,
        Optional<List<UpdateResult>> items,
        Optional<UpdateResult> firstOutcome)
        implements Outcome {

    /** A result without a first outcome: every result but {@link #keyReused}. */
    public UpdateResult(
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
            Optional<String> error,
            Optional<Operation> operation,
            Optional<Long> delta,
            Optional<Long> quantity,
            Optional<List<UpdateResult>> items) {
        this(
                correlationId,
                storeId,
                productId,
                idempotencyKey,
                applied,
                code,
                replayed,
                newQuantity,
                newVersion,
                lastUpdated,
                expectedVersion,
                currentVersion,
                currentQuantity,
                error,
                operation,
                delta,
                quantity,
                items,
                Optional.empty());
    }

    /** A result without the request's operation fields (filled in by {@link #describing}). */
    public UpdateResult(
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
        this(
                correlationId,
                storeId,
                productId,
                idempotencyKey,
                applied,
                code,
                replayed,
                newQuantity,
                newVersion,
                lastUpdated,
                expectedVersion,
                currentVersion,
                currentQuantity,
                error,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

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
        operation = orEmpty(operation);
        delta = orEmpty(delta);
        quantity = orEmpty(quantity);
        items = orEmpty(items).map(List::copyOf);
        firstOutcome = orEmpty(firstOutcome);
        if (firstOutcome.isPresent() && code != ResultCode.IDEMPOTENCY_KEY_REUSED) {
            throw new IllegalArgumentException("only IDEMPOTENCY_KEY_REUSED carries a first outcome, code=" + code);
        }
        if (firstOutcome.flatMap(UpdateResult::firstOutcome).isPresent()) {
            // a first outcome is a recorded one, and IDEMPOTENCY_KEY_REUSED is never recorded
            throw new IllegalArgumentException("a first outcome never carries a first outcome of its own");
        }
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
                        Optional.empty())
                .describing(request);
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
                        Optional.of(message))
                .describing(request);
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

    /**
     * A transfer's outcome: {@code APPLIED} with every item applied, or the first refused item's code (the
     * message says why, and each item its own reason).
     */
    public static UpdateResult transfer(
            TransferRequest transfer, Optional<String> correlationId, List<UpdateResult> items) {
        Optional<UpdateResult> refused = items.stream()
                .filter(item -> !item.applied() && item.code() != ResultCode.TRANSFER_ABORTED)
                .findFirst()
                .or(() -> items.stream().filter(item -> !item.applied()).findFirst());
        ResultCode code = refused.map(UpdateResult::code).orElse(ResultCode.APPLIED);
        Optional<String> message = refused.map(item -> "transfer refused, nothing applied: store "
                + item.storeId().orElse("?") + ": "
                + item.error().orElse(item.code().name()));
        return new UpdateResult(
                correlationId,
                Optional.empty(),
                Optional.of(transfer.productId()),
                Optional.of(transfer.idempotencyKey()),
                refused.isEmpty(),
                code,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                message,
                Optional.of(Operation.TRANSFER),
                Optional.empty(),
                Optional.empty(),
                Optional.of(items));
    }

    /** This result with what the request asked (operation, delta, quantity) filled in. */
    public UpdateResult describing(UpdateRequest request) {
        return new UpdateResult(
                correlationId,
                storeId,
                productId,
                idempotencyKey,
                applied,
                code,
                replayed,
                newQuantity,
                newVersion,
                lastUpdated,
                expectedVersion,
                currentVersion,
                currentQuantity,
                error,
                Optional.of(request.effectiveOperation()),
                request.delta(),
                request.quantity(),
                items,
                firstOutcome);
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
                error,
                operation,
                delta,
                quantity,
                items.map(all -> all.stream()
                        .map(item -> item.asReplayFor(retryCorrelationId))
                        .toList()),
                firstOutcome);
    }

    /**
     * The refusal of a request whose idempotency key already decided another request for the same record:
     * {@code IDEMPOTENCY_KEY_REUSED}, carrying that first outcome (replayed) and the record as it stands
     * ({@code current}, untouched), as a conflict does.
     */
    public static UpdateResult keyReused(
            UpdateRequest request, Optional<String> correlationId, InventoryRecord current, UpdateResult first) {
        return new UpdateResult(
                correlationId,
                Optional.of(request.storeId()),
                Optional.of(request.productId()),
                Optional.of(request.idempotencyKey()),
                false,
                ResultCode.IDEMPOTENCY_KEY_REUSED,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                request.version(),
                Optional.of(current.version()),
                Optional.of(current.quantity()),
                Optional.of("idempotency key '" + request.idempotencyKey() + "' was already used for "
                        + request.recordKey() + " by a request with different fields (its outcome is in firstOutcome);"
                        + " use a new key for a new operation"),
                Optional.of(request.effectiveOperation()),
                request.delta(),
                request.quantity(),
                Optional.empty(),
                Optional.of(first.asReplayFor(Optional.empty())));
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
