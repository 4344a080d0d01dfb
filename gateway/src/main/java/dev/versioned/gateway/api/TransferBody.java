package dev.versioned.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.util.Optional;

/**
 * The body of {@code POST /v1/inventory/transfers}, parsed by the requests topic's own parser so that HTTP and
 * Kafka accept and refuse exactly the same transfers. The key may come in {@code Idempotency-Key} instead of
 * the body (the two must agree).
 */
public final class TransferBody {

    private TransferBody() {}

    /** A valid transfer, or why not; never a single update. */
    public static ParsedRequest parse(byte[] body, Optional<String> idempotencyKey, int maxRequestBytes) {
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
                    return invalid("the Idempotency-Key header and the body's idempotencyKey differ");
                }
                object.put("idempotencyKey", idempotencyKey.get());
                bytes = object.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        ParsedRequest parsed = RequestParser.parseAny(bytes, maxRequestBytes);
        if (parsed instanceof ParsedRequest.Valid) {
            return invalid("a transfer needs items: 2 to 100 stores' changes of one product; send a change of one"
                    + " record to /v1/inventory/updates");
        }
        return parsed;
    }

    private static ParsedRequest invalid(String message) {
        return new ParsedRequest.Invalid(
                DeadLetterReason.SCHEMA_INVALID, message, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
