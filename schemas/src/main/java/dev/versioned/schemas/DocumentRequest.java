package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One versioned write of one JSON document, as written to the requests topic (key = {@code id}) and made by
 * the gateway from {@code PUT}, {@code PATCH} and {@code DELETE} on {@code /v1/collections/{collection}/{id}}.
 *
 * <p>A parsed request is not necessarily a valid one: {@link #problem} decides that, so that a malformed
 * request can still be answered with the fields it did carry.
 *
 * @param collection the document's collection, one the processor is configured with
 * @param id the document's id; also the Kafka record key
 * @param operation {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param document the whole new document of a {@code PUT}: a JSON object
 * @param patch the JSON merge patch (RFC 7396) of a {@code PATCH}: a JSON object
 * @param version the version the writer read; 0 (only for {@code PUT}) means "create: must not exist"
 * @param idempotencyKey the writer's key for this logical operation
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DocumentRequest(
        String collection,
        String id,
        DocumentOperation operation,
        Optional<JsonNode> document,
        Optional<JsonNode> patch,
        Optional<Long> version,
        String idempotencyKey) {

    /** The default limit of a document's size, as compact JSON ({@link #sizeOf}). */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 65_536;
    /** The smallest limit a deployment may set. */
    public static final int MIN_DOCUMENT_LIMIT = 1_024;
    /** The largest limit a deployment may set: below Kafka's default message size, with the envelope. */
    public static final int MAX_DOCUMENT_LIMIT = 1_000_000;

    public DocumentRequest {
        document = present(document);
        patch = present(patch);
        version = version == null ? Optional.empty() : version;
    }

    /** Replaces the document read at {@code version}; at version 0 creates it. */
    public static DocumentRequest put(String collection, String id, ObjectNode document, long version, String key) {
        return new DocumentRequest(
                collection,
                id,
                DocumentOperation.PUT,
                Optional.of(document),
                Optional.empty(),
                Optional.of(version),
                key);
    }

    /** Merges {@code patch} into the document read at {@code version}. */
    public static DocumentRequest patch(String collection, String id, ObjectNode patch, long version, String key) {
        return new DocumentRequest(
                collection,
                id,
                DocumentOperation.PATCH,
                Optional.empty(),
                Optional.of(patch),
                Optional.of(version),
                key);
    }

    /** Deletes (softly) the document read at {@code version}. */
    public static DocumentRequest delete(String collection, String id, long version, String key) {
        return new DocumentRequest(
                collection,
                id,
                DocumentOperation.DELETE,
                Optional.empty(),
                Optional.empty(),
                Optional.of(version),
                key);
    }

    @JsonIgnore
    public DocumentKey key() {
        return new DocumentKey(collection, id);
    }

    /** The first rule the request breaks, as a message for the caller; empty when it is valid. */
    public Optional<String> problem() {
        if (collection == null) {
            return Optional.of("collection is required");
        }
        if (!DocumentKey.isCollection(collection)) {
            return Optional.of("collection must be " + DocumentKey.COLLECTION_RULE);
        }
        if (id == null) {
            return Optional.of("id is required");
        }
        if (!UpdateRequestValidator.isId(id)) {
            return Optional.of("id must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        if (operation == null) {
            return Optional.of("operation is required: PUT, PATCH or DELETE");
        }
        if (idempotencyKey == null) {
            return Optional.of("idempotencyKey is required");
        }
        if (!UpdateRequestValidator.isKey(idempotencyKey)) {
            return Optional.of("idempotencyKey must be 1..128 printable ASCII characters");
        }
        if (version.isEmpty()) {
            return Optional.of("version is required: the version the writer read (0 to create with PUT)");
        }
        long v = version.get();
        if (v < 0) {
            return Optional.of("version must not be negative");
        }
        return switch (operation) {
            case PUT ->
                patch.isPresent()
                        ? Optional.of("a PUT carries a document, not a patch")
                        : objectRequired("document", document);
            case PATCH ->
                document.isPresent()
                        ? Optional.of("a PATCH carries a patch, not a document")
                        : v == 0
                                ? Optional.of("a PATCH needs the version read (at least 1)")
                                : objectRequired("patch", patch);
            case DELETE ->
                document.isPresent() || patch.isPresent()
                        ? Optional.of("a DELETE carries neither a document nor a patch")
                        : v == 0 ? Optional.of("a DELETE needs the version read (at least 1)") : Optional.empty();
        };
    }

    private static Optional<String> objectRequired(String field, Optional<JsonNode> value) {
        if (value.isEmpty()) {
            return Optional.of(field + " is required");
        }
        if (!value.get().isObject()) {
            return Optional.of(field + " must be a JSON object");
        }
        return numberOutOfRange(value.get(), "")
                .map(path -> field + " has a number out of range at '" + path + "': a number must be 0 or of a"
                        + " magnitude between " + Double.MIN_NORMAL + " and " + Double.MAX_VALUE
                        + " (a double's normal range), so that a schema compares it as written");
    }

    /**
     * The JSON Pointer of the first number in {@code node} that is neither 0 nor within a double's normal range.
     * Numbers are read exactly ({@link WireFormat}) and kept as written, but the schema validator compares them
     * as doubles: 1e400 would pass {@code minimum: 0} as -1e400 does, -1e-400 would pass it as -0.0. So such a
     * number is refused instead of stored.
     */
    static Optional<String> numberOutOfRange(JsonNode node, String path) {
        if (node.isNumber()) {
            double value = Math.abs(node.doubleValue());
            boolean zero = node.isIntegralNumber()
                    ? node.bigIntegerValue().signum() == 0
                    : node.decimalValue().signum() == 0;
            return zero || (value >= Double.MIN_NORMAL && value <= Double.MAX_VALUE)
                    ? Optional.empty()
                    : Optional.of(path);
        }
        if (node.isObject()) {
            for (var member : (Iterable<java.util.Map.Entry<String, JsonNode>>) node::fields) {
                Optional<String> found = numberOutOfRange(
                        member.getValue(),
                        path + "/" + member.getKey().replace("~", "~0").replace("/", "~1"));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = numberOutOfRange(node.get(i), path + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A document's size as compact JSON, the form it is stored and published in: what the limit is measured
     * against, by the gateway before it sends a write and by the processor on the document a write would make.
     */
    public static int sizeOf(JsonNode document) {
        try {
            return WireFormat.mapper().writeValueAsBytes(document).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree cannot be written", e);
        }
    }

    /** A JSON null (which Jackson reads into an {@code Optional<JsonNode>} as a null node) is absent. */
    static Optional<JsonNode> present(Optional<JsonNode> value) {
        return value == null ? Optional.empty() : value.filter(node -> !node.isNull() && !node.isMissingNode());
    }
}
