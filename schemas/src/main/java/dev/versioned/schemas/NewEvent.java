package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One event of an append, as the writer sends it.
 *
 * @param id the event's id, a UUID in its canonical form; when absent the processor derives one from the stream,
 *     the append's idempotency key and the event's index, so that a resent append gets the same ids
 * @param type what happened, e.g. {@code Deposited}: 1..128 characters of {@code [A-Za-z0-9._:-]}
 * @param data the event's payload, a JSON object
 * @param metadata anything the writer wants kept beside it (causation, user), a JSON object
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record NewEvent(Optional<String> id, String type, JsonNode data, Optional<JsonNode> metadata) {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public NewEvent {
        id = id == null ? Optional.empty() : id;
        metadata = DocumentRequest.present(metadata);
    }

    /** An event without an id or metadata. */
    public static NewEvent of(String type, ObjectNode data) {
        return new NewEvent(Optional.empty(), type, data, Optional.empty());
    }

    /** This event with {@code id}. */
    public NewEvent withId(UUID id) {
        return new NewEvent(Optional.of(id.toString()), type, data, metadata);
    }

    /** Whether {@code text} is a UUID in the canonical 8-4-4-4-12 hex form (either case). */
    public static boolean isUuid(String text) {
        return text != null && UUID_TEXT.matcher(text).matches();
    }

    /** The first rule this event breaks, naming it by its index in the append; empty when it is valid. */
    Optional<String> problem(int index) {
        String at = "events[" + index + "]";
        if (type == null) {
            return Optional.of(at + ".type is required");
        }
        if (!UpdateRequestValidator.isId(type)) {
            return Optional.of(at + ".type must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        if (data == null || data.isNull() || data.isMissingNode()) {
            return Optional.of(at + ".data is required: a JSON object");
        }
        if (!data.isObject()) {
            return Optional.of(at + ".data must be a JSON object");
        }
        if (metadata.isPresent() && !metadata.get().isObject()) {
            return Optional.of(at + ".metadata must be a JSON object");
        }
        if (id.isPresent() && !isUuid(id.get())) {
            return Optional.of(at + ".id must be a UUID (8-4-4-4-12 hexadecimal digits)");
        }
        return Optional.empty();
    }
}
