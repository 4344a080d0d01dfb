package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.Operation;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a waiting request asked, so that only a reply about that same update can answer it.
 *
 * <p>A correlation id is not a secret: anyone who can read the requests topic sees it, and anyone who can
 * write the requests topic can send the processor another update carrying the same id and this
 * instance's {@code reply-topic}. The processor then sends this instance a genuine decision about that other
 * update. Routing by correlation id alone would hand that decision to the caller that is waiting; checking
 * that the reply names the store, product and idempotency key that were asked does not (the processor echoes
 * all three on every decision of a valid request).
 *
 * <p>A transfer names no single store: its reply must carry none, and be a transfer's. A document result never
 * answers an update ({@link ExpectedReply}).
 *
 * @param storeId the store the request named; empty for a transfer
 * @param productId the product the request named
 * @param idempotencyKey the idempotency key the request carried
 */
public record ReplyMatch(Optional<String> storeId, String productId, String idempotencyKey) implements ExpectedReply {

    public ReplyMatch {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** What an update of one store's record asked. */
    public ReplyMatch(String storeId, String productId, String idempotencyKey) {
        this(Optional.of(storeId), productId, idempotencyKey);
    }

    /** What {@code request} asked. */
    public static ReplyMatch of(UpdateRequest request) {
        return new ReplyMatch(request.storeId(), request.productId(), request.idempotencyKey());
    }

    /** What {@code transfer} asked. */
    public static ReplyMatch of(TransferRequest transfer) {
        return new ReplyMatch(Optional.empty(), transfer.productId(), transfer.idempotencyKey());
    }

    /** True when {@code result} is about this request's store, product and idempotency key. */
    public boolean accepts(UpdateResult result) {
        return mismatches(result).isEmpty();
    }

    /**
     * The names of the fields of {@code result} that differ from what was asked (absent counts as different):
     * empty when it matches. Names only, so that a log line about a refused reply quotes no values.
     */
    @Override
    public List<String> mismatches(UpdateResult result) {
        List<String> fields = new ArrayList<>(3);
        if (storeId.isPresent()) {
            ExpectedReply.check(fields, "storeId", storeId.get(), result.storeId());
        } else if (result.storeId().isPresent() || result.operation().orElse(null) != Operation.TRANSFER) {
            fields.add("storeId");
        }
        ExpectedReply.check(fields, "productId", productId, result.productId());
        ExpectedReply.check(fields, "idempotencyKey", idempotencyKey, result.idempotencyKey());
        return fields;
    }

    /** A document result never answers an update or a transfer. */
    @Override
    public List<String> mismatches(DocumentResult result) {
        return List.of(RESULT_TYPE);
    }
}
