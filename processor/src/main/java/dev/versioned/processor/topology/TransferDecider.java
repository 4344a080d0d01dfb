package dev.versioned.processor.topology;

import dev.versioned.processor.store.IdempotencyEntry;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.InventoryStore;
import dev.versioned.processor.store.Transition;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides a transfer: several stores' records of one product changed all or nothing, under one idempotency
 * key. All of them live in this task's partition and this thread decides them one request at a time, so
 * checking every item and then writing every item is atomic; under exactly-once the writes and the outputs
 * commit together.
 *
 * <p>Each item is decided by the single-update {@link UpdateRules} against its record as it stands. If every
 * item applies, every record is written; otherwise none is, each refused item keeps its own outcome and the
 * others are {@link ResultCode#TRANSFER_ABORTED}. The outcome is recorded under the idempotency key for every
 * item's record, with the transfer's fingerprint, so that a retry finds it at any of them, and a single update
 * reusing the key for one of those records is refused as a reused key. The results topic gets one result per
 * item (the audit of each record); the reply gets the transfer's result with its items.
 */
final class TransferDecider {

    private final UpdateProcessor processor;
    private final UpdateRules rules;
    private final InventoryStore inventory;
    private final Optional<IdempotencyStore> idempotency;
    private final boolean transitionsInRecord;

    TransferDecider(
            UpdateProcessor processor,
            UpdateRules rules,
            InventoryStore inventory,
            Optional<IdempotencyStore> idempotency,
            boolean transitionsInRecord) {
        this.processor = processor;
        this.rules = rules;
        this.inventory = inventory;
        this.idempotency = idempotency;
        this.transitionsInRecord = transitionsInRecord;
    }

    void decide(Record<String, byte[]> record, RequestHeaders headers, TransferRequest transfer, Instant now) {
        Optional<String> correlationId = headers.correlationId();
        List<UpdateRequest> items = transfer.itemRequests();
        List<InventoryStore.Stored> stored =
                items.stream().map(item -> inventory.load(item.recordKey())).toList();
        String fingerprint = Fingerprint.of(transfer);

        Optional<UpdateResult> answered =
                idempotency.flatMap(store -> seen(store, transfer, items, stored, fingerprint, correlationId, now));
        if (answered.isPresent()) {
            publish(record, headers, transfer, answered.get());
            return;
        }

        List<Decision> decisions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            decisions.add(
                    rules.decide(items.get(i), correlationId, stored.get(i).record(), Optional.empty(), now));
        }
        boolean allApplied = decisions.stream().allMatch(d -> d.newState().isPresent());
        boolean recorded = decisions.stream().allMatch(Decision::recordOutcome);
        List<UpdateResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Decision decision = decisions.get(i);
            if (allApplied) {
                InventoryRecord state = decision.newState().orElseThrow();
                // Remembered by its idempotency entry, not by the record: a transition names one request.
                processor.write(
                        state,
                        stored.get(i),
                        Transition.unknown(state.version(), state.quantity(), now),
                        record.timestamp());
                results.add(decision.result());
            } else if (decision.newState().isPresent()) {
                results.add(UpdateResult.refused(
                        items.get(i),
                        correlationId,
                        ResultCode.TRANSFER_ABORTED,
                        stored.get(i).record(),
                        "not applied: another item of the transfer was refused"));
            } else {
                results.add(decision.result());
            }
        }
        UpdateResult outcome = UpdateResult.transfer(transfer, correlationId, results);
        if (recorded) {
            idempotency.ifPresent(store -> {
                for (int i = 0; i < items.size(); i++) {
                    store.record(items.get(i).recordKey(), transfer.idempotencyKey(), fingerprint, results.get(i), now);
                }
            });
        }
        publish(record, headers, transfer, outcome);
    }

    /**
     * What the transfer's key already decided: the recorded outcome again (found at every item's record, with
     * this transfer's fingerprint), or a refusal when the key was used otherwise for one of its records. A
     * transfer records every item at the same stream time, so its entries expire together: finding only some
     * of them means the key was used by something else.
     */
    private Optional<UpdateResult> seen(
            IdempotencyStore store,
            TransferRequest transfer,
            List<UpdateRequest> items,
            List<InventoryStore.Stored> stored,
            String fingerprint,
            Optional<String> correlationId,
            Instant now) {
        long keyHash = transitionsInRecord ? Transition.hashOf(transfer.idempotencyKey()) : 0;
        List<Optional<IdempotencyEntry>> entries = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            entries.add(processor.seen(store, items.get(i), keyHash, stored.get(i), now));
        }
        if (entries.stream().allMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        boolean same = entries.stream()
                .allMatch(entry ->
                        entry.map(e -> e.fingerprint().equals(fingerprint)).orElse(false));
        if (same) {
            List<UpdateResult> results = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                results.add(entries.get(i).orElseThrow().result().describing(items.get(i)));
            }
            return Optional.of(
                    UpdateResult.transfer(transfer, Optional.empty(), results).asReplayFor(correlationId));
        }
        // Every item whose record has the key used by another request says so; the others were not applied.
        List<UpdateResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            UpdateRequest item = items.get(i);
            boolean reused = entries.get(i)
                    .map(e -> !e.fingerprint().equals(fingerprint))
                    .orElse(false);
            results.add(UpdateResult.rejected(
                            Optional.of(item.storeId()),
                            Optional.of(item.productId()),
                            Optional.of(item.idempotencyKey()),
                            correlationId,
                            reused ? ResultCode.IDEMPOTENCY_KEY_REUSED : ResultCode.TRANSFER_ABORTED,
                            reused
                                    ? "idempotency key '" + transfer.idempotencyKey() + "' was already used for "
                                            + item.recordKey() + " by a request with different fields; use a new"
                                            + " key for a new operation"
                                    : "not applied: another item of the transfer was refused")
                    .describing(item));
        }
        return Optional.of(UpdateResult.transfer(transfer, correlationId, results));
    }

    private void publish(
            Record<String, byte[]> record, RequestHeaders headers, TransferRequest transfer, UpdateResult outcome) {
        for (UpdateResult item : outcome.items().orElseThrow()) {
            processor.audit(record, headers, transfer.productId(), EncodedResult.of(item));
        }
        processor.reply(record, headers, transfer.productId(), EncodedResult.of(outcome));
    }
}
