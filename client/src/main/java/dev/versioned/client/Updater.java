package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.Operation;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-compute-write loop and the retry rules of {@link RetryPolicy}, written once for every transport:
 * {@link InventoryClient} and {@link KafkaInventory} are this loop over their own {@link Transport}.
 * Thread-safe: all state of a call lives on its stack.
 */
abstract sealed class Updater implements Inventory permits InventoryClient, KafkaInventory, Updater.Over {

    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
    /** Leaves room in a 128-character key for {@code -a<attempt>}. */
    static final int MAX_OPERATION_ID = 120;

    private final Transport transport;
    private final RetryPolicy policy;
    private final SendListener listener;
    private final Resends resends;

    Updater(Transport transport, RetryPolicy policy, SendListener listener) {
        this.transport = Objects.requireNonNull(transport);
        this.policy = Objects.requireNonNull(policy);
        this.listener = Objects.requireNonNull(listener);
        this.resends = new Resends(policy);
    }

    /** The loop over any transport (unit tests). */
    static Updater over(Transport transport, RetryPolicy policy) {
        return over(transport, policy, SendListener.NONE);
    }

    /** The loop over any transport, observed (unit tests). */
    static Updater over(Transport transport, RetryPolicy policy, SendListener listener) {
        return new Over(transport, policy, listener);
    }

    static final class Over extends Updater {
        Over(Transport transport, RetryPolicy policy, SendListener listener) {
            super(transport, policy, listener);
        }
    }

    /** Refuses an operation id that cannot name attempt keys: 1..120 printable ASCII characters without spaces. */
    static void checkOperationId(String operationId) {
        if (operationId == null
                || operationId.isEmpty()
                || operationId.length() > MAX_OPERATION_ID
                || !operationId.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new IllegalArgumentException(
                    "operationId must be 1.." + MAX_OPERATION_ID + " printable ASCII characters without spaces");
        }
    }

    /** The idempotency key of attempt {@code n} (1-based) of an operation. */
    static String attemptKey(String operationId, int attempt) {
        return operationId + "-a" + attempt;
    }

    @Override
    public Optional<InventoryRecord> read(String storeId, String productId) {
        return read(
                storeId,
                productId,
                policy.clock().nanoTime() + policy.deadline().toNanos());
    }

    @Override
    public Updated update(String storeId, String productId, ChangeFunction fn) {
        return update(storeId, productId, fn, UUID.randomUUID().toString());
    }

    @Override
    public Updated update(String storeId, String productId, ChangeFunction fn, String operationId) {
        Objects.requireNonNull(fn, "fn");
        checkOperationId(operationId);
        long deadline = policy.clock().nanoTime() + policy.deadline().toNanos();
        InventoryRecord current = read(storeId, productId, deadline)
                .orElseGet(() -> new InventoryRecord(storeId, productId, 0, 0, Instant.EPOCH));
        int resends = 0;
        for (int attempt = 1; ; attempt++) {
            Change change = fn.compute(current.quantity(), current.version());
            UpdateRequest request = request(
                    storeId,
                    productId,
                    Objects.requireNonNull(change, "change"),
                    current.version(),
                    attemptKey(operationId, attempt));
            if (request == null) {
                return new Updated(current, false, false, null, attempt, resends);
            }
            Sent sent = decide(request, attempt, deadline);
            resends += sent.resends();
            UpdateResult result = sent.result();
            Optional<UpdateResult> decidedBefore = repeated(result);
            if (decidedBefore.isPresent()) {
                // A repeat of a call that ended before this attempt's answer (a crash): the attempt's key was
                // decided then, with the fields of that time. Its first outcome is this attempt's outcome.
                if (decidedBefore.get().code() != ResultCode.VERSION_CONFLICT) {
                    return outcome(decidedBefore.get(), attempt, resends);
                }
                LOG.debug("attempt {} of operation {} was refused VERSION_CONFLICT before", attempt, operationId);
            } else if (result.code() != ResultCode.VERSION_CONFLICT) {
                return outcome(result, attempt, resends);
            }
            // The record as it stands: a refusal of a reused key tells it as a conflict does.
            long currentVersion = result.currentVersion().orElseThrow();
            long currentQuantity = result.currentQuantity().orElseThrow();
            if (attempt >= policy.maxAttempts()) {
                throw new VersionConflict(current.version(), currentVersion, currentQuantity, attempt);
            }
            // Recompute from the conflict's own state: no second read.
            current = new InventoryRecord(storeId, productId, currentQuantity, currentVersion, current.lastUpdated());
            Duration backoff = policy.backoff(attempt);
            if (!fits(backoff, deadline)) {
                throw new VersionConflict(request.version().orElse(0L), currentVersion, currentQuantity, attempt);
            }
            sleep(backoff, () -> new VersionConflict(request.version().orElse(0L), currentVersion, currentQuantity, 0));
        }
    }

    /**
     * The first outcome of an attempt key that a repeated call finds already decided: the service refuses the key
     * {@code IDEMPOTENCY_KEY_REUSED} (the fields it computes now differ from the first call's) and tells what the
     * key decided. Empty for any other answer.
     */
    static Optional<UpdateResult> repeated(UpdateResult result) {
        return result.code() == ResultCode.IDEMPOTENCY_KEY_REUSED ? result.firstOutcome() : Optional.empty();
    }

    @Override
    public Updated apply(UpdateRequest request) {
        Sent sent =
                decide(request, 1, policy.clock().nanoTime() + policy.deadline().toNanos());
        return outcome(sent.result(), 1, sent.resends());
    }

    /**
     * Sends {@code request} until its outcome is definite: an unknown outcome is resent with the same key
     * (safe: the service applies a key at most once), "nothing written" after a backoff. Ends at the deadline
     * with {@link OutcomeUnknown} if any send may have been written, else {@link Unavailable}.
     */
    private Sent decide(UpdateRequest request, int attempt, long deadline) {
        int[] sends = {0};
        return resend(
                () -> {
                    SendListener.Send observed = new SendListener.Send(request, attempt, ++sends[0]);
                    notify(() -> listener.sending(observed));
                    Outcome outcome = transport.send(request);
                    notify(() -> listener.sent(observed, outcome));
                    return outcome;
                },
                request.idempotencyKey(),
                why -> new OutcomeUnknown(request, why),
                deadline);
    }

    @Override
    public Transferred transfer(TransferRequest transfer) {
        Sent sent = resend(
                () -> transport.send(transfer),
                transfer.idempotencyKey(),
                why -> new OutcomeUnknown(transfer, why),
                policy.clock().nanoTime() + policy.deadline().toNanos());
        UpdateResult result = sent.result();
        List<UpdateResult> items = result.items().orElse(List.of());
        if (!result.applied()) {
            if (items.isEmpty()) {
                throw outcomeRefusal(result); // refused before its items were decided (invalid, no version)
            }
            throw new TransferRefused(
                    result.code(), items, result.error().orElse(result.code().name()));
        }
        return new Transferred(
                items.stream().map(Updater::record).toList(),
                result.replayed(),
                transfer.idempotencyKey(),
                sent.resends());
    }

    /** Sends until the outcome is definite ({@link Resends#until}). */
    private Sent resend(
            java.util.function.Supplier<Outcome> sendOnce,
            String key,
            java.util.function.Function<String, OutcomeUnknown> unknownOutcome,
            long deadline) {
        Resends.Definite<UpdateResult> definite = resends.until(
                sendOnce,
                outcome ->
                        outcome instanceof Outcome.Decided decided ? Optional.of(decided.result()) : Optional.empty(),
                key,
                unknownOutcome,
                deadline);
        return new Sent(definite.answer(), definite.resends());
    }

    /** Runs a listener callback; what it throws is only logged, so an observer cannot change a decision. */
    static void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("send listener failed; ignored", e);
        }
    }

    private Optional<InventoryRecord> read(String storeId, String productId, long deadline) {
        return resends.read(() -> transport.read(storeId, productId), deadline);
    }

    private static UpdateRequest request(String storeId, String productId, Change change, long version, String key) {
        if (change instanceof Change.Delta delta) {
            return UpdateRequest.adjust(storeId, productId, delta.delta(), version, key);
        }
        if (change instanceof Change.SetTo set) {
            return UpdateRequest.set(storeId, productId, set.quantity(), version, key);
        }
        return null; // Change.None
    }

    /** The record an applied result left: deleted when it was a DELETE. */
    private static InventoryRecord record(UpdateResult result) {
        return new InventoryRecord(
                result.storeId().orElseThrow(),
                result.productId().orElseThrow(),
                result.newQuantity().orElseThrow(),
                result.newVersion().orElseThrow(),
                result.lastUpdated().orElse(Instant.EPOCH),
                result.operation().orElse(null) == Operation.DELETE);
    }

    /** The exception a refusal stands for. */
    private static InventoryException outcomeRefusal(UpdateResult refusal) {
        try {
            outcome(refusal, 1, 0);
        } catch (InventoryException e) {
            return e;
        }
        throw new IllegalArgumentException("not a refusal: " + refusal.code());
    }

    /** An applied result as {@link Updated}; every refusal as its exception. */
    static Updated outcome(UpdateResult result, int attempts, int resends) {
        String key = result.idempotencyKey().orElse(null);
        String message = result.error().orElse(result.code().name());
        return switch (result.code()) {
            case APPLIED -> new Updated(record(result), true, result.replayed(), key, attempts, resends);
            case VERSION_CONFLICT ->
                throw new VersionConflict(
                        result.expectedVersion().orElse(-1L),
                        result.currentVersion().orElse(-1L),
                        result.currentQuantity().orElse(-1L),
                        attempts);
            case INSUFFICIENT_STOCK ->
                throw new InsufficientStock(
                        result.currentQuantity().orElse(-1L),
                        result.currentVersion().orElse(-1L),
                        message);
            case IDEMPOTENCY_KEY_REUSED -> throw new IdempotencyKeyReused(key, message);
            case INVALID_REQUEST -> throw new Invalid(400, result.code().name(), message);
            case VERSION_REQUIRED -> throw new Invalid(428, result.code().name(), message);
            case QUANTITY_OUT_OF_RANGE -> throw new Invalid(422, result.code().name(), message);
            case NOT_FOUND -> throw new NotFound(result.currentVersion().orElse(0L), message);
            case TRANSFER_ABORTED -> throw new Invalid(409, result.code().name(), message);
            // a document's outcome only: an inventory update is never refused with it
            case CONSTRAINT_VIOLATION -> throw new Invalid(422, result.code().name(), message);
            // an append's outcomes only: an inventory update is never refused with them
            case STREAM_VERSION_CONFLICT -> throw new Invalid(409, result.code().name(), message);
            case EVENT_ID_REUSED -> throw new Invalid(422, result.code().name(), message);
        };
    }

    private boolean fits(Duration wait, long deadline) {
        return resends.fits(wait, deadline);
    }

    private void sleep(Duration wait, java.util.function.Supplier<? extends InventoryException> onInterrupt) {
        resends.sleep(wait, onInterrupt);
    }

    private record Sent(UpdateResult result, int resends) {}
}
