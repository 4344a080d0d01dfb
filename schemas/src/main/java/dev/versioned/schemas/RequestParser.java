package dev.versioned.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the bytes of a request into a {@link ParsedRequest}: the one parsing path for the requests
 * topic and the HTTP gateway, so both boundaries accept and refuse exactly the same input.
 */
public final class RequestParser {

    private static final Set<String> FIELDS =
            Set.of("storeId", "productId", "operation", "delta", "quantity", "version", "idempotencyKey");

    private static final int MAX_MESSAGE = 200;

    private RequestParser() {}

    /** Parses and validates; never throws for any input. */
    public static ParsedRequest parse(byte[] bytes, int maxBytes) {
        if (bytes == null || bytes.length == 0) {
            return invalid(DeadLetterReason.UNPARSEABLE, "empty request body", null);
        }
        if (bytes.length > maxBytes) {
            return invalid(
                    DeadLetterReason.OVERSIZED,
                    "request is " + bytes.length + " bytes, the limit is " + maxBytes,
                    null);
        }
        // The usual case, a valid request, in one pass straight into the record. Anything else (and anything
        // with a null anywhere, which the direct binding would read as an absent field) takes the tree path,
        // which alone decides what is wrong; a property test holds the two paths to the same answers.
        if (!containsNull(bytes)) {
            try {
                UpdateRequest request = WireFormat.mapper().readValue(bytes, UpdateRequest.class);
                if (request != null && UpdateRequestValidator.problem(request).isEmpty()) {
                    return new ParsedRequest.Valid(request);
                }
            } catch (IOException | RuntimeException e) {
                // explained by the tree path below
            }
        }
        return parseViaTree(bytes);
    }

    /**
     * Parses an update or a transfer (told apart by {@code items}, or by {@code "operation":"TRANSFER"}):
     * what the requests topic accepts besides documents. Never throws for any input.
     */
    public static ParsedRequest parseAny(byte[] bytes, int maxBytes) {
        return parseAny(bytes, maxBytes, maxBytes);
    }

    /**
     * Parses an update, a transfer or a document request (told apart by {@code collection}): what the requests
     * topic accepts besides appends. A document request may be up to {@code maxDocumentRequestBytes}, anything
     * else up to {@code maxBytes}. Never throws for any input.
     */
    public static ParsedRequest parseAny(byte[] bytes, int maxBytes, int maxDocumentRequestBytes) {
        return parseAny(bytes, maxBytes, maxDocumentRequestBytes, StreamAppend.DEFAULT_MAX_APPEND_BYTES);
    }

    /**
     * Parses an update, a transfer, a document request (told apart by {@code collection}) or an append to a stream
     * (told apart by {@code stream}): what the requests topic accepts. A document request may be up to
     * {@code maxDocumentRequestBytes}, an append up to {@code maxAppendBytes}, anything else up to
     * {@code maxBytes}. Never throws for any input.
     */
    public static ParsedRequest parseAny(byte[] bytes, int maxBytes, int maxDocumentRequestBytes, int maxAppendBytes) {
        // A document request or an append is read once rather than tried as an update first: its member
        // "collection" or "stream" tells it apart (an update that also carried one would be read as such).
        if (bytes != null && bytes.length <= Math.max(maxDocumentRequestBytes, maxAppendBytes)) {
            boolean collection = contains(bytes, COLLECTION_MEMBER);
            boolean stream = contains(bytes, STREAM_MEMBER);
            if (stream && !collection && bytes.length <= maxAppendBytes) {
                // The usual append, in one pass straight into the record; anything wrong takes the tree path.
                Optional<ParsedRequest> direct = appendDirect(bytes);
                if (direct.isPresent()) {
                    return direct.get();
                }
            }
            if (collection || stream) {
                try {
                    JsonNode tree = WireFormat.mapper().readTree(bytes);
                    if (tree != null && tree.isObject() && tree.has("collection")) {
                        if (bytes.length <= maxDocumentRequestBytes) {
                            return parseDocument(tree);
                        }
                    } else if (tree != null && tree.isObject() && tree.has("stream")) {
                        return bytes.length <= maxAppendBytes
                                ? parseAppend(tree)
                                : invalidAppend(
                                        DeadLetterReason.OVERSIZED,
                                        "append is " + bytes.length + " bytes, the limit is " + maxAppendBytes,
                                        tree);
                    }
                } catch (IOException e) {
                    // not JSON: the paths below say so
                }
            }
        }
        boolean overLimit = bytes != null && bytes.length > maxBytes;
        if (overLimit && bytes.length > Math.max(maxDocumentRequestBytes, maxAppendBytes)) {
            // Over every limit: not read. One that names a stream and no collection is answered as an append.
            return contains(bytes, STREAM_MEMBER) && !contains(bytes, COLLECTION_MEMBER)
                    ? new ParsedRequest.InvalidAppend(
                            DeadLetterReason.OVERSIZED,
                            "append is " + bytes.length + " bytes, the limit is " + maxAppendBytes,
                            Optional.empty(),
                            Optional.empty())
                    : parse(bytes, maxBytes);
        }
        if (overLimit && bytes.length > maxDocumentRequestBytes) {
            return parse(bytes, maxBytes); // oversized whatever it is
        }
        ParsedRequest single = overLimit ? null : parse(bytes, maxBytes);
        if (single != null
                && (!(single instanceof ParsedRequest.Invalid invalid)
                        || invalid.reason() != DeadLetterReason.SCHEMA_INVALID)) {
            return single;
        }
        JsonNode tree;
        try {
            tree = WireFormat.mapper().readTree(bytes);
        } catch (IOException e) {
            return single != null ? single : parse(bytes, maxBytes);
        }
        if (tree != null && tree.isObject() && tree.has("collection")) {
            return parseDocument(tree);
        }
        if (single == null) {
            return parse(bytes, maxBytes); // not a document: oversized
        }
        boolean transfer = tree.has("items")
                || Operation.TRANSFER.name().equals(tree.path("operation").asText());
        return transfer ? parseTransfer(tree) : single;
    }

    /** A valid append read in one pass; empty when the bytes are anything else or anything is wrong. */
    private static Optional<ParsedRequest> appendDirect(byte[] bytes) {
        if (containsNull(bytes)) {
            return Optional.empty(); // a null would read as an absent member: the tree path decides
        }
        try {
            StreamAppend append = WireFormat.mapper().readValue(bytes, StreamAppend.class);
            if (append != null && append.stream() != null && append.problem().isEmpty()) {
                return Optional.of(new ParsedRequest.ValidAppend(append));
            }
        } catch (IOException | RuntimeException e) {
            // explained by the tree path
        }
        return Optional.empty();
    }

    private static ParsedRequest parseAppend(JsonNode tree) {
        JsonNode events = tree.path("events");
        if (events.isArray()) {
            for (int i = 0; i < events.size(); i++) {
                JsonNode event = events.get(i);
                if (!event.isObject()) {
                    return invalidAppend(
                            DeadLetterReason.SCHEMA_INVALID, "events[" + i + "] must be a JSON object", tree);
                }
                for (String member : new String[] {"id", "type"}) {
                    if (event.has(member)
                            && !event.get(member).isTextual()
                            && !event.get(member).isNull()) {
                        return invalidAppend(
                                DeadLetterReason.SCHEMA_INVALID,
                                "events[" + i + "]." + member + " must be a string",
                                tree);
                    }
                }
            }
        } else if (tree.has("events") && !events.isNull()) {
            return invalidAppend(DeadLetterReason.SCHEMA_INVALID, "events must be an array of events", tree);
        }
        StreamAppend append;
        try {
            append = WireFormat.mapper().treeToValue(tree, StreamAppend.class);
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            return invalidAppend(DeadLetterReason.SCHEMA_INVALID, e.getOriginalMessage(), tree);
        } catch (IOException e) {
            return invalidAppend(DeadLetterReason.SCHEMA_INVALID, describe(e), tree);
        }
        Optional<String> problem = append.problem();
        if (problem.isPresent()) {
            return invalidAppend(DeadLetterReason.SCHEMA_INVALID, problem.get(), tree);
        }
        return new ParsedRequest.ValidAppend(append);
    }

    private static ParsedRequest.InvalidAppend invalidAppend(DeadLetterReason reason, String message, JsonNode tree) {
        String shortMessage = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
        Optional<String> stream = Optional.of(tree.path("stream"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue)
                .filter(StreamAppend::isStream);
        return new ParsedRequest.InvalidAppend(reason, shortMessage, stream, text(tree, "idempotencyKey"));
    }

    private static ParsedRequest parseDocument(JsonNode tree) {
        DocumentRequest request;
        try {
            request = WireFormat.mapper().treeToValue(tree, DocumentRequest.class);
        } catch (IOException e) {
            return invalidDocument(describe(e), tree);
        }
        Optional<String> problem = request.problem();
        if (problem.isPresent()) {
            return invalidDocument(problem.get(), tree);
        }
        return new ParsedRequest.ValidDocument(request);
    }

    private static ParsedRequest.InvalidDocument invalidDocument(String message, JsonNode tree) {
        String shortMessage = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
        Optional<String> collection = Optional.of(tree.path("collection"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue)
                .filter(DocumentKey::isCollection);
        Optional<String> id = Optional.of(tree.path("id"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::textValue)
                .filter(UpdateRequestValidator::isId);
        return new ParsedRequest.InvalidDocument(
                DeadLetterReason.SCHEMA_INVALID, shortMessage, collection, id, text(tree, "idempotencyKey"));
    }

    private static ParsedRequest parseTransfer(JsonNode tree) {
        TransferRequest transfer;
        try {
            transfer = WireFormat.mapper().treeToValue(tree, TransferRequest.class);
        } catch (IOException e) {
            return invalid(DeadLetterReason.SCHEMA_INVALID, describe(e), tree);
        }
        Optional<String> problem = TransferRequest.problem(transfer);
        if (problem.isPresent()) {
            return invalid(DeadLetterReason.SCHEMA_INVALID, problem.get(), tree);
        }
        return new ParsedRequest.ValidTransfer(transfer);
    }

    /** The full path: the tree first, so that a refusal can name the fields it could read. */
    static ParsedRequest parseViaTree(byte[] bytes) {
        JsonNode tree;
        try {
            tree = WireFormat.mapper().readTree(bytes);
        } catch (IOException e) {
            return invalid(DeadLetterReason.UNPARSEABLE, "not valid JSON: " + describe(e), null);
        }
        if (tree == null || !tree.isObject()) {
            return invalid(DeadLetterReason.UNPARSEABLE, "request must be a JSON object", null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (FIELDS.contains(field.getKey()) && field.getValue().isNull()) {
                return invalid(DeadLetterReason.SCHEMA_INVALID, field.getKey() + " must not be null", tree);
            }
        }
        UpdateRequest request;
        try {
            request = WireFormat.mapper().treeToValue(tree, UpdateRequest.class);
        } catch (IOException e) {
            return invalid(DeadLetterReason.SCHEMA_INVALID, describe(e), tree);
        }
        Optional<String> problem = UpdateRequestValidator.problem(request);
        if (problem.isPresent()) {
            return invalid(DeadLetterReason.SCHEMA_INVALID, problem.get(), tree);
        }
        return new ParsedRequest.Valid(request);
    }

    private static final byte[] COLLECTION_MEMBER = "\"collection\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] STREAM_MEMBER = "\"stream\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static boolean contains(byte[] bytes, byte[] token) {
        outer:
        for (int i = 0; i + token.length <= bytes.length; i++) {
            for (int j = 0; j < token.length; j++) {
                if (bytes[i + j] != token[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean containsNull(byte[] bytes) {
        for (int i = 0; i + 3 < bytes.length; i++) {
            if (bytes[i] == 'n' && bytes[i + 1] == 'u' && bytes[i + 2] == 'l' && bytes[i + 3] == 'l') {
                return true;
            }
        }
        return false;
    }

    private static ParsedRequest.Invalid invalid(DeadLetterReason reason, String message, JsonNode tree) {
        // Parser messages may quote the input: keep them short.
        String shortMessage = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message;
        return new ParsedRequest.Invalid(
                reason, shortMessage, text(tree, "storeId"), text(tree, "productId"), text(tree, "idempotencyKey"));
    }

    private static Optional<String> text(JsonNode tree, String field) {
        if (tree == null || !tree.path(field).isTextual()) {
            return Optional.empty();
        }
        String value = tree.path(field).textValue();
        // Only echo values that are safe to put back on the wire and into logs.
        return UpdateRequestValidator.isKey(value) ? Optional.of(value) : Optional.empty();
    }

    /** A short message naming the offending field, without Jackson's source excerpts. */
    private static String describe(IOException e) {
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            return (field == null ? "a field" : field) + " has the wrong type or is out of range";
        }
        if (e instanceof JsonProcessingException json) {
            return json.getOriginalMessage();
        }
        return e.getClass().getSimpleName();
    }
}
