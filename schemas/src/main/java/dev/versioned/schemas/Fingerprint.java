package dev.versioned.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Canonical hash of every field of an update request, used to tell a retry of the same request from a
 * different request that reuses its idempotency key.
 *
 * <p>The canonical text is {@code v1|storeId|productId|OPERATION|amount|version-or-"-"|idempotencyKey},
 * the amount being the delta, the quantity, or {@code -} for a DELETE. A transfer's text is {@code
 * t1|productId|idempotencyKey} followed by {@code |storeId:OPERATION:amount:version-or-"-"} per item, in order.
 * The ids cannot contain {@code |} and the key comes last, so two different requests never share a
 * text. An explicit {@code operation} and an implied one give the same fingerprint.
 */
public final class Fingerprint {

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    private Fingerprint() {}

    /** Lowercase hex SHA-256 of the canonical text of a valid request. */
    public static String of(UpdateRequest request) {
        return HexFormat.of().formatHex(bytes(request));
    }

    /** The fingerprint's 32 bytes, for storing it without a round trip through hex. */
    public static byte[] bytes(UpdateRequest request) {
        String amount = switch (request.effectiveOperation()) {
            case SET -> String.valueOf(request.quantity().orElseThrow());
            case ADJUST -> String.valueOf(request.delta().orElseThrow());
            default -> "-";
        };
        String canonical = "v1|" + request.storeId() + '|' + request.productId() + '|'
                + request.effectiveOperation() + '|' + amount + '|'
                + request.version().map(String::valueOf).orElse("-") + '|' + request.idempotencyKey();
        return sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** Lowercase hex SHA-256 of the canonical text of a valid transfer. */
    public static String of(TransferRequest transfer) {
        StringBuilder canonical = new StringBuilder("t1|")
                .append(transfer.productId())
                .append('|')
                .append(transfer.idempotencyKey());
        for (TransferRequest.Item item : transfer.items()) {
            canonical
                    .append('|')
                    .append(item.storeId())
                    .append(':')
                    .append(item.quantity().isPresent() ? Operation.SET : Operation.ADJUST)
                    .append(':')
                    .append(item.quantity().orElseGet(() -> item.delta().orElseThrow()))
                    .append(':')
                    .append(item.version().map(String::valueOf).orElse("-"));
        }
        return HexFormat.of().formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Lowercase hex SHA-256 of the canonical text of a valid document request: its body with object members in
     * name order, so that the same document written with its members in another order is the same request.
     */
    public static String of(DocumentRequest request) {
        String body = request.document()
                .or(request::patch)
                .map(Fingerprint::canonical)
                .orElse("-");
        String canonical = "d1|" + request.collection() + '|' + request.id() + '|' + request.operation() + '|'
                + request.version().map(String::valueOf).orElse("-") + '|' + request.idempotencyKey() + '|' + body;
        return HexFormat.of().formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** An append's two fingerprints, hex: of the request as sent, and of its events with their stored ids. */
    public record AppendFingerprints(String request, String events) {}

    /**
     * Lowercase hex SHA-256 of the canonical text of a valid append: its stream, expectation, key and events as
     * sent (an absent id stays absent), object members in name order.
     */
    public static String of(StreamAppend append) {
        return ofAppend(append, append.eventIds()).request();
    }

    /**
     * Lowercase hex SHA-256 of an append's events alone, each with the id it is stored with ({@link
     * StreamAppend#eventId}): what an append carrying ids the stream already has must match to be a replay.
     */
    public static String ofEvents(StreamAppend append) {
        return ofAppend(append, append.eventIds()).events();
    }

    /**
     * Both fingerprints of an append in one pass: each event's data and metadata are written as canonical text
     * once (object members in name order, straight from the tree) and fed to both digests. {@code ids} are the
     * events' stored ids ({@link StreamAppend#eventIds()}).
     */
    public static AppendFingerprints ofAppend(StreamAppend append, java.util.List<String> ids) {
        MessageDigest request = SHA_256.get();
        request.reset();
        MessageDigest events = EVENTS_SHA_256.get();
        events.reset();
        request.update(("s2|" + append.stream() + '|' + append.expected().text() + '|' + append.idempotencyKey())
                .getBytes(StandardCharsets.UTF_8));
        events.update(("e2|" + append.stream()).getBytes(StandardCharsets.UTF_8));
        StringBuilder text = new StringBuilder(256);
        for (int i = 0; i < append.events().size(); i++) {
            NewEvent event = append.events().get(i);
            // The type and id cannot contain '|'; data and metadata are length-prefixed, so no text is two events'.
            text.setLength(0);
            text.append('|').append(event.type()).append('|');
            int at = text.length();
            CanonicalJson.write(event.data(), text);
            text.insert(at, (text.length() - at) + ":");
            text.append('|');
            if (event.metadata().isPresent()) {
                int metaAt = text.length();
                CanonicalJson.write(event.metadata().get(), text);
                text.insert(metaAt, (text.length() - metaAt) + ":");
            } else {
                text.append("1:-");
            }
            byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
            String sentId =
                    event.id().map(id -> id.toLowerCase(java.util.Locale.ROOT)).orElse("-");
            request.update(("|" + sentId).getBytes(StandardCharsets.UTF_8));
            request.update(body);
            events.update(("|" + ids.get(i)).getBytes(StandardCharsets.UTF_8));
            events.update(body);
        }
        return new AppendFingerprints(
                HexFormat.of().formatHex(request.digest()), HexFormat.of().formatHex(events.digest()));
    }

    /** A second digest per thread, so that an append's two fingerprints are computed side by side. */
    private static final ThreadLocal<MessageDigest> EVENTS_SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    });

    private static String canonical(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a parsed document cannot be written again", e);
        }
    }

    /** Sorts map keys on writing: a document read into maps is written in one order whatever its source's. */
    private static final com.fasterxml.jackson.databind.ObjectMapper CANONICAL =
            com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();

    /**
     * SHA-256 of the bytes. One digest per thread: {@link MessageDigest#getInstance} looks the provider up
     * on every call, which showed in the stream thread's profile.
     */
    public static byte[] sha256(byte[] bytes) {
        MessageDigest digest = SHA_256.get();
        digest.reset();
        return digest.digest(bytes);
    }
}
