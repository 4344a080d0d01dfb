package dev.versioned.client.kafka;

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
 * @param storeId the store the request named
 * @param productId the product the request named
 * @param idempotencyKey the idempotency key the request carried
 */
public record ReplyMatch(String storeId, String productId, String idempotencyKey) {

    public ReplyMatch {
        Objects.requireNonNull(storeId, "storeId");
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** What {@code request} asked. */
    public static ReplyMatch of(UpdateRequest request) {
        return new ReplyMatch(request.storeId(), request.productId(), request.idempotencyKey());
    }

    /** True when {@code result} is about this request's store, product and idempotency key. */
    public boolean accepts(UpdateResult result) {
        return mismatches(result).isEmpty();
    }

    /**
     * The names of the fields of {@code result} that differ from what was asked (absent counts as different):
     * empty when it matches. Names only, so that a log line about a refused reply quotes no values.
     */
    public List<String> mismatches(UpdateResult result) {
        List<String> fields = new ArrayList<>(3);
        check(fields, "storeId", storeId, result.storeId());
        check(fields, "productId", productId, result.productId());
        check(fields, "idempotencyKey", idempotencyKey, result.idempotencyKey());
        return fields;
    }

    private static void check(List<String> fields, String name, String asked, Optional<String> answered) {
        if (!answered.map(asked::equals).orElse(false)) {
            fields.add(name);
        }
    }
}
