package dev.versioned.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of {@code POST /v1/inventory/updates}: one update, or a batch {@code {"storeId","updates":[...]}}.
 *
 * <p>Every item goes through {@link RequestParser}, the parser of the requests topic, so HTTP and Kafka
 * accept exactly the same input. HTTP-only conveniences are applied to the JSON before it is parsed: a
 * batch's {@code storeId} is copied into items that lack one; the {@code Idempotency-Key} and
 * {@code If-Match} headers fill {@code idempotencyKey} and {@code version} of a single update (a header
 * that contradicts the body is an error). {@code If-Match} is read by {@link EntityTags}: one strong tag
 * stands for the version; {@code *} ("the record exists") is taken only beside a body version of 1 or more,
 * which already implies it, and is refused alone (the processor decides on versions, and "any version but
 * absent" is not one) or beside version 0 (a create, which contradicts it).
 */
public sealed interface UpdateBody {

    /** How a single update used {@code If-Match}, which decides whether a conflict is a 409 or a 412. */
    enum IfMatchUse {
        /** No If-Match: a conflict is a 409. */
        NONE,
        /** The version came from If-Match: a conflict is a failed precondition, 412. */
        VERSION,
        /** {@code If-Match: *} beside the body's version: 412 when the record does not exist, else 409. */
        ANY;

        /** Whether a conflict with the record at {@code currentVersion} failed the If-Match precondition. */
        public boolean failedBy(long currentVersion) {
            return this == VERSION || (this == ANY && currentVersion == 0);
        }
    }

    /** One update, and how it used If-Match. */
    record Single(ParsedRequest request, IfMatchUse ifMatch) implements UpdateBody {}

    /** A batch: the parsed items in request order. */
    record Batch(String storeId, List<ParsedRequest> items) implements UpdateBody {}

    /** The body itself is unusable (not the items), or contradicts its headers: 400. */
    record Refused(String message) implements UpdateBody {}

    /** An If-Match that no record can match (a weak tag, a tag that is not a version): 412, nothing sent. */
    record PreconditionFailed(String message) implements UpdateBody {}

    static UpdateBody parse(
            byte[] body,
            Optional<String> idempotencyKey,
            Optional<String> ifMatch,
            int maxRequestBytes,
            int maxBatchItems) {
        JsonNode tree = null;
        try {
            tree = WireFormat.mapper().readTree(body);
        } catch (IOException | RuntimeException e) {
            // RequestParser reports the problem in its words below.
        }
        if (tree instanceof ObjectNode object && object.has("updates")) {
            if (idempotencyKey.isPresent() || ifMatch.isPresent()) {
                return new Refused("Idempotency-Key and If-Match apply to a single update; a batch carries "
                        + "idempotencyKey and version in each item");
            }
            return batch(object, maxRequestBytes, maxBatchItems);
        }
        if (!(tree instanceof ObjectNode object) || (idempotencyKey.isEmpty() && ifMatch.isEmpty())) {
            return new Single(RequestParser.parse(body, maxRequestBytes), IfMatchUse.NONE);
        }
        if (idempotencyKey.isPresent()) {
            JsonNode inBody = object.get("idempotencyKey");
            if (inBody != null && !(inBody.isTextual() && inBody.textValue().equals(idempotencyKey.get()))) {
                return new Refused("the Idempotency-Key header and the body's idempotencyKey differ");
            }
            object.put("idempotencyKey", idempotencyKey.get());
        }
        IfMatchUse use = IfMatchUse.NONE;
        if (ifMatch.isPresent()) {
            JsonNode inBody = object.get("version");
            EntityTags.IfMatch condition = EntityTags.ifMatch(ifMatch.get());
            if (condition instanceof EntityTags.IfMatch.Malformed malformed) {
                return new Refused(malformed.reason());
            }
            if (condition instanceof EntityTags.IfMatch.NeverMatches never) {
                return new PreconditionFailed(never.reason() + "; nothing was sent");
            }
            if (condition instanceof EntityTags.IfMatch.Any) {
                if (inBody == null) {
                    return new Refused("If-Match: * (the record exists, at any version) needs the body's version: "
                            + "updates are decided on versions; send the ETag you read, e.g. If-Match: \"12\"");
                }
                if (inBody.isIntegralNumber() && inBody.canConvertToLong() && inBody.longValue() == 0) {
                    return new Refused("If-Match: * (the record exists) contradicts the body's version 0 (a create)");
                }
                use = IfMatchUse.ANY;
            } else {
                long version = ((EntityTags.IfMatch.Version) condition).version();
                if (inBody != null
                        && !(inBody.isIntegralNumber() && inBody.canConvertToLong() && inBody.longValue() == version)) {
                    return new Refused("the If-Match header and the body's version differ");
                }
                object.put("version", version);
                use = IfMatchUse.VERSION;
            }
        }
        return new Single(RequestParser.parse(bytes(object), maxRequestBytes), use);
    }

    private static UpdateBody batch(ObjectNode object, int maxRequestBytes, int maxBatchItems) {
        JsonNode storeNode = object.get("storeId");
        if (storeNode == null
                || !storeNode.isTextual()
                || !UpdateRequestValidator.ID.matcher(storeNode.textValue()).matches()) {
            return new Refused("a batch needs storeId: 1..128 characters of [A-Za-z0-9._:-]");
        }
        String storeId = storeNode.textValue();
        JsonNode updates = object.get("updates");
        if (!updates.isArray() || updates.isEmpty()) {
            return new Refused("updates must be a non-empty array");
        }
        if (updates.size() > maxBatchItems) {
            return new Refused("a batch holds at most " + maxBatchItems + " updates, this one has " + updates.size());
        }
        List<ParsedRequest> items = new ArrayList<>(updates.size());
        for (JsonNode item : updates) {
            if (item instanceof ObjectNode itemObject) {
                JsonNode itemStore = itemObject.get("storeId");
                if (itemStore == null) {
                    itemObject.put("storeId", storeId);
                } else if (!(itemStore.isTextual() && itemStore.textValue().equals(storeId))) {
                    items.add(new ParsedRequest.Invalid(
                            DeadLetterReason.SCHEMA_INVALID,
                            "an item's storeId must be the batch's storeId '" + storeId + "'",
                            Optional.of(storeId),
                            text(itemObject, "productId"),
                            text(itemObject, "idempotencyKey")));
                    continue;
                }
                items.add(RequestParser.parse(bytes(itemObject), maxRequestBytes));
            } else {
                items.add(RequestParser.parse(bytes(item), maxRequestBytes));
            }
        }
        return new Batch(storeId, items);
    }

    private static Optional<String> text(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        return node != null
                        && node.isTextual()
                        && UpdateRequestValidator.KEY.matcher(node.textValue()).matches()
                ? Optional.of(node.textValue())
                : Optional.empty();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return WireFormat.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-encode a JSON tree", e);
        }
    }
}
