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
 * that contradicts the body is an error).
 */
public sealed interface UpdateBody {

    /** One update; {@code versionFromIfMatch} when its version came from the If-Match header. */
    record Single(ParsedRequest request, boolean versionFromIfMatch) implements UpdateBody {}

    /** A batch: the parsed items in request order. */
    record Batch(String storeId, List<ParsedRequest> items) implements UpdateBody {}

    /** The body itself is unusable (not the items): 400. */
    record Refused(String message) implements UpdateBody {}

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
            return new Single(RequestParser.parse(body, maxRequestBytes), false);
        }
        if (idempotencyKey.isPresent()) {
            JsonNode inBody = object.get("idempotencyKey");
            if (inBody != null && !(inBody.isTextual() && inBody.textValue().equals(idempotencyKey.get()))) {
                return new Refused("the Idempotency-Key header and the body's idempotencyKey differ");
            }
            object.put("idempotencyKey", idempotencyKey.get());
        }
        if (ifMatch.isPresent()) {
            Optional<Long> version = version(ifMatch.get());
            if (version.isEmpty()) {
                return new Refused("If-Match must be one version number, e.g. \"12\"");
            }
            JsonNode inBody = object.get("version");
            if (inBody != null
                    && !(inBody.isIntegralNumber()
                            && inBody.canConvertToLong()
                            && inBody.longValue() == version.get())) {
                return new Refused("the If-Match header and the body's version differ");
            }
            object.put("version", version.get());
        }
        return new Single(RequestParser.parse(bytes(object), maxRequestBytes), ifMatch.isPresent());
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

    /** Reads an If-Match value: {@code "12"}, {@code W/"12"} or {@code 12}. */
    static Optional<Long> version(String ifMatch) {
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(value));
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return WireFormat.mapper().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot re-encode a JSON tree", e);
        }
    }
}
