package dev.versioned.client;

import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import java.util.Optional;

/**
 * The deadline passed while the outcome of a sent request was unknown: it may or may not have been applied.
 * Resending {@link #request()}, {@link #transfer()}, {@link #document()} or {@link #append()} (same idempotency key)
 * later is always safe and tells which: the service
 * applies a key at most once and replays its outcome, for as long as it keeps keys (24 h by default).
 * Never resend the change under a new key.
 */
public final class OutcomeUnknown extends InventoryException {

    private final String idempotencyKey;
    private final transient Optional<UpdateRequest> request;
    private final transient Optional<TransferRequest> transfer;
    private final transient Optional<DocumentRequest> document;
    private final transient Optional<StreamAppend> append;

    public OutcomeUnknown(UpdateRequest request, String reason) {
        this(
                request.idempotencyKey(),
                Optional.of(request),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                reason);
    }

    public OutcomeUnknown(TransferRequest transfer, String reason) {
        this(
                transfer.idempotencyKey(),
                Optional.empty(),
                Optional.of(transfer),
                Optional.empty(),
                Optional.empty(),
                reason);
    }

    public OutcomeUnknown(DocumentRequest document, String reason) {
        this(
                document.idempotencyKey(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(document),
                Optional.empty(),
                reason);
    }

    public OutcomeUnknown(StreamAppend append, String reason) {
        this(
                append.idempotencyKey(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(append),
                reason);
    }

    private OutcomeUnknown(
            String idempotencyKey,
            Optional<UpdateRequest> request,
            Optional<TransferRequest> transfer,
            Optional<DocumentRequest> document,
            Optional<StreamAppend> append,
            String reason) {
        super("outcome unknown for idempotency key " + idempotencyKey + ": " + reason + "; resend with the same key");
        this.idempotencyKey = idempotencyKey;
        this.request = request;
        this.transfer = transfer;
        this.document = document;
        this.append = append;
    }

    /** The key to resend with. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The update whose outcome is unknown, exactly as sent: pass it to {@link Inventory#apply}. */
    public Optional<UpdateRequest> request() {
        return request;
    }

    /** The transfer whose outcome is unknown, exactly as sent: pass it to {@link Inventory#transfer}. */
    public Optional<TransferRequest> transfer() {
        return transfer;
    }

    /** The document write whose outcome is unknown, exactly as sent: pass it to {@link Documents#apply}. */
    public Optional<DocumentRequest> document() {
        return document;
    }

    /** The append whose outcome is unknown, exactly as sent (its events' ids too): pass it to {@link Streams#apply}. */
    public Optional<StreamAppend> append() {
        return append;
    }
}
