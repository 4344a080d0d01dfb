package dev.versioned.schemas;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Canonical hash of every field of an update request, used to tell a retry of the same request from a
 * different request that reuses its idempotency key.
 *
 * <p>The canonical text is {@code v1|storeId|productId|OPERATION|amount|version-or-"-"|idempotencyKey}.
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
        long amount = request.effectiveOperation() == Operation.SET
                ? request.quantity().orElseThrow()
                : request.delta().orElseThrow();
        String canonical = "v1|" + request.storeId() + '|' + request.productId() + '|'
                + request.effectiveOperation() + '|' + amount + '|'
                + request.version().map(String::valueOf).orElse("-") + '|' + request.idempotencyKey();
        return sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

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
