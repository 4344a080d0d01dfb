package dev.versioned.processor.topology;

import dev.versioned.processor.store.IdempotencyEntry;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.Operation;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision order for one valid request, as a pure function of the request, the record as it stands
 * and what its idempotency key already recorded. Steps, first match wins:
 * <ol>
 *   <li>no version while unconditional ADJUST is off (or a SET or DELETE, which are never unconditional):
 *       {@code VERSION_REQUIRED}, nothing recorded;</li>
 *   <li>key already used for this record: same fingerprint, the recorded outcome again as a replay;
 *       a different fingerprint, {@code IDEMPOTENCY_KEY_REUSED} carrying the recorded outcome as
 *       {@code firstOutcome}, nothing recorded;</li>
 *   <li>a DELETE of a record that does not exist (never written, or deleted): {@code NOT_FOUND}; an update
 *       of a deleted record at any version but the one it was deleted with: {@code NOT_FOUND} (at that
 *       version, the update creates the record again, from quantity 0);</li>
 *   <li>version given and not the current one: {@code VERSION_CONFLICT} with the current state;</li>
 *   <li>resulting quantity below 0: {@code INSUFFICIENT_STOCK}; above the maximum:
 *       {@code QUANTITY_OUT_OF_RANGE};</li>
 *   <li>otherwise applied: quantity changes (a DELETE: becomes 0, and the record is marked deleted),
 *       version + 1.</li>
 * </ol>
 * Outcomes of steps 3 to 5 are recorded: an applied conditional update as a transition of its record,
 * every other one under the idempotency key. What the key already decided ({@code seen}) is found by the
 * processor, in either place; these rules do not depend on where.
 */
public final class UpdateRules {

    private final boolean unconditionalAdjustEnabled;

    public UpdateRules(boolean unconditionalAdjustEnabled) {
        this.unconditionalAdjustEnabled = unconditionalAdjustEnabled;
    }

    public Decision decide(
            UpdateRequest request,
            Optional<String> correlationId,
            InventoryRecord current,
            Optional<IdempotencyEntry> seen,
            Instant now) {
        Operation operation = request.effectiveOperation();
        if (request.version().isEmpty()) {
            if (operation != Operation.ADJUST) {
                return notRecorded(
                        request,
                        correlationId,
                        ResultCode.VERSION_REQUIRED,
                        "version is required: a " + operation
                                + " is always conditional; send the version you read (0 to create)");
            }
            if (!unconditionalAdjustEnabled) {
                return notRecorded(
                        request,
                        correlationId,
                        ResultCode.VERSION_REQUIRED,
                        "version is required: unconditional updates are disabled; send the version you read (0 to create)");
            }
        }
        if (seen.isPresent()) {
            if (seen.get().fingerprint().equals(Fingerprint.of(request))) {
                return new Decision(
                        seen.get().result().asReplayFor(correlationId).describing(request), Optional.empty(), false);
            }
            return new Decision(
                    UpdateResult.keyReused(
                            request, correlationId, current, seen.get().result()),
                    Optional.empty(),
                    false);
        }
        if (operation == Operation.DELETE) {
            return delete(request, correlationId, current, now);
        }
        boolean recreate = current.deleted() && request.version().orElse(-1L) == current.version();
        if (current.deleted() && !recreate) {
            return recorded(UpdateResult.refused(
                    request,
                    correlationId,
                    ResultCode.NOT_FOUND,
                    current,
                    "not found: the record was deleted at version " + current.version() + "; an update at version "
                            + current.version() + " creates it again"));
        }
        if (request.version().isPresent() && request.version().get() != current.version()) {
            return conflict(request, correlationId, current);
        }
        long newQuantity = operation == Operation.SET
                ? request.quantity().orElseThrow()
                : current.quantity() + request.delta().orElseThrow(); // both bounded by 10^15: no overflow
        if (newQuantity < 0) {
            return recorded(UpdateResult.refused(
                    request,
                    correlationId,
                    ResultCode.INSUFFICIENT_STOCK,
                    current,
                    "insufficient stock: quantity is " + current.quantity() + ", the update would make it "
                            + newQuantity));
        }
        if (newQuantity > UpdateRequest.MAX_QUANTITY) {
            return recorded(UpdateResult.refused(
                    request,
                    correlationId,
                    ResultCode.QUANTITY_OUT_OF_RANGE,
                    current,
                    "quantity out of range: the update would make it " + newQuantity + ", the maximum is "
                            + UpdateRequest.MAX_QUANTITY));
        }
        InventoryRecord after = current.next(newQuantity, now);
        return new Decision(UpdateResult.applied(request, correlationId, after), Optional.of(after), true);
    }

    /** A DELETE: only of a record that exists, at its current version; the record keeps its version + 1. */
    private static Decision delete(
            UpdateRequest request, Optional<String> correlationId, InventoryRecord current, Instant now) {
        if (!current.exists()) {
            return recorded(UpdateResult.refused(
                    request,
                    correlationId,
                    ResultCode.NOT_FOUND,
                    current,
                    current.deleted()
                            ? "not found: the record was already deleted at version " + current.version()
                            : "not found: the record was never written"));
        }
        if (request.version().orElseThrow() != current.version()) {
            return conflict(request, correlationId, current);
        }
        InventoryRecord after = current.deletedAt(now);
        return new Decision(UpdateResult.applied(request, correlationId, after), Optional.of(after), true);
    }

    private static Decision conflict(UpdateRequest request, Optional<String> correlationId, InventoryRecord current) {
        return recorded(UpdateResult.refused(
                request,
                correlationId,
                ResultCode.VERSION_CONFLICT,
                current,
                "version conflict: the record is at version " + current.version() + ", the request expected "
                        + request.version().get()));
    }

    private static Decision recorded(UpdateResult result) {
        return new Decision(result, Optional.empty(), true);
    }

    private static Decision notRecorded(
            UpdateRequest request, Optional<String> correlationId, ResultCode code, String message) {
        return new Decision(
                UpdateResult.rejected(
                        Optional.of(request.storeId()),
                        Optional.of(request.productId()),
                        Optional.of(request.idempotencyKey()),
                        correlationId,
                        code,
                        message),
                Optional.empty(),
                false);
    }
}
