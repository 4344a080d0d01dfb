package dev.versioned.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.util.Optional;

/**
 * The body of {@code POST /v1/inventory/transfers}, parsed by the requests topic's own parser so that HTTP and
 * Kafka accept and refuse exactly the same transfers. The key may come in {@code Idempotency-Key} instead of
 * the body (the two must agree). The parser reads any request the topic takes; whatever is not a transfer (a
 * single update, a document request) is refused here, so the answer is a transfer or a refusal and nothing else.
 */
public sealed interface TransferBody {

    /** A transfer that passed every field rule. */
    record Transfer(TransferRequest request) implements TransferBody {}

    /** Not a transfer, or not a valid one: 400, with the parser's reason. */
    record Refused(ParsedRequest.Invalid refusal) implements TransferBody {}

    /** A valid transfer, or why not. */
    static TransferBody parse(byte[] body, Optional<String> idempotencyKey, int maxRequestBytes) {
        byte[] bytes = body;
        if (idempotencyKey.isPresent()) {
            JsonNode tree;
            try {
                tree = WireFormat.mapper().readTree(body);
            } catch (IOException | RuntimeException e) {
                tree = null; // the parser says what is wrong below
            }
            if (tree instanceof ObjectNode object) {
                JsonNode inBody = object.get("idempotencyKey");
                if (inBody != null && !(inBody.isTextual() && inBody.textValue().equals(idempotencyKey.get()))) {
                    return refused("the Idempotency-Key header and the body's idempotencyKey differ");
                }
                object.put("idempotencyKey", idempotencyKey.get());
                bytes = object.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        ParsedRequest parsed = RequestParser.parseAny(bytes, maxRequestBytes);
        if (parsed instanceof ParsedRequest.ValidTransfer transfer) {
            return new Transfer(transfer.transfer());
        }
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            return new Refused(invalid);
        }
        if (parsed instanceof ParsedRequest.Valid) {
            return refused("a transfer needs items: 2 to 100 stores' changes of one product; send a change of one"
                    + " record to /v1/inventory/updates");
        }
        // A document request, valid or not (it has a collection member): it belongs to the document API.
        return refused("a transfer needs productId and items, and no collection: send a document write to"
                + " /v1/collections/{collection}/{id}");
    }

    private static Refused refused(String message) {
        return new Refused(new ParsedRequest.Invalid(
                DeadLetterReason.SCHEMA_INVALID, message, Optional.empty(), Optional.empty(), Optional.empty()));
    }
}
