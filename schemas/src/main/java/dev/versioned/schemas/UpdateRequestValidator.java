package dev.versioned.schemas;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The field rules of an update request (the same rules as {@code update-request.schema.json}; a test
 * checks both against the same examples). Used at every boundary: HTTP and the requests topic.
 */
public final class UpdateRequestValidator {

    /** Store and product ids: 1..128 characters of {@code [A-Za-z0-9._:-]}. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Idempotency keys and correlation ids: 1..128 printable ASCII characters. */
    public static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,128}");

    private UpdateRequestValidator() {}

    /** Whether {@code value} matches {@link #ID}; a character loop, since it runs on every request. */
    public static boolean isId(String value) {
        return oneTo128(
                value,
                c -> (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == ':'
                        || c == '-');
    }

    /** Whether {@code value} matches {@link #KEY}; a character loop, since it runs on every request. */
    public static boolean isKey(String value) {
        return oneTo128(value, c -> c >= 0x20 && c <= 0x7E);
    }

    private static boolean oneTo128(String value, java.util.function.IntPredicate allowed) {
        int length = value.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!allowed.test(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The first rule the request breaks, as a message for the caller; empty when it is valid. */
    public static Optional<String> problem(UpdateRequest request) {
        if (request.storeId() == null) {
            return Optional.of("storeId is required");
        }
        if (!isId(request.storeId())) {
            return Optional.of("storeId must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        if (request.productId() == null) {
            return Optional.of("productId is required");
        }
        if (!isId(request.productId())) {
            return Optional.of("productId must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        if (request.idempotencyKey() == null) {
            return Optional.of("idempotencyKey is required");
        }
        if (!isKey(request.idempotencyKey())) {
            return Optional.of("idempotencyKey must be 1..128 printable ASCII characters");
        }
        if (request.operation().orElse(null) == Operation.TRANSFER) {
            return Optional.of("operation TRANSFER needs items: send a transfer {productId, idempotencyKey, items}");
        }
        if (request.operation().orElse(null) == Operation.DELETE) {
            if (request.delta().isPresent() || request.quantity().isPresent()) {
                return Optional.of("a DELETE carries neither delta nor quantity");
            }
            if (request.version().isPresent() && request.version().get() < 1) {
                return Optional.of("a DELETE needs the version you read (>= 1); 0 means create");
            }
            return Optional.empty();
        }
        if (request.delta().isPresent() == request.quantity().isPresent()) {
            return Optional.of("exactly one of delta (ADJUST) and quantity (SET) is required");
        }
        if (request.operation().isPresent()) {
            Operation implied = request.quantity().isPresent() ? Operation.SET : Operation.ADJUST;
            if (request.operation().get() != implied) {
                return Optional.of(
                        request.operation().get() == Operation.SET
                                ? "operation SET needs quantity, not delta"
                                : "operation ADJUST needs delta, not quantity");
            }
        }
        if (request.delta().isPresent() && Math.abs(request.delta().get()) > UpdateRequest.MAX_QUANTITY) {
            return Optional.of(
                    "delta must be between -" + UpdateRequest.MAX_QUANTITY + " and " + UpdateRequest.MAX_QUANTITY);
        }
        if (request.quantity().isPresent()
                && (request.quantity().get() < 0 || request.quantity().get() > UpdateRequest.MAX_QUANTITY)) {
            return Optional.of("quantity must be between 0 and " + UpdateRequest.MAX_QUANTITY);
        }
        if (request.version().isPresent() && request.version().get() < 0) {
            return Optional.of("version must be >= 0 (0 means create)");
        }
        return Optional.empty();
    }
}
