package dev.versioned.gateway.auth;

import dev.versioned.gateway.config.ApiKeyConfig;
import dev.versioned.schemas.Fingerprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 digest an API key is compared by. A configured key is either the key itself or its digest,
 * written {@code sha256:<64 hex digits>} (so that a configuration or key file need not hold the secret);
 * a presented key is always hashed. Both sides are then 32 bytes compared with {@link MessageDigest#isEqual},
 * which takes the same time wherever the bytes differ, so neither the comparison nor the kind of entry says
 * anything about how much of a guess was right.
 */
public final class KeyDigest {

    /** The prefix of a configured digest. */
    public static final String PREFIX = ApiKeyConfig.DIGEST_PREFIX;

    private KeyDigest() {}

    /** True when {@code configured} is written as a digest ({@code sha256:...}), well formed or not. */
    public static boolean isDigest(String configured) {
        return configured.startsWith(PREFIX);
    }

    /** True when {@code configured} is a clear key, or a digest of exactly 64 hex digits. */
    public static boolean isWellFormed(String configured) {
        return !isDigest(configured) || ApiKeyConfig.DIGEST.matcher(configured).matches();
    }

    /** The digest of a configured entry: the one it spells out, or the SHA-256 of the clear key. */
    public static byte[] ofConfigured(String configured) {
        if (!isDigest(configured)) {
            return of(configured);
        }
        if (!isWellFormed(configured)) {
            throw new IllegalArgumentException("a sha256: key must be followed by 64 hex digits");
        }
        return HexFormat.of().parseHex(configured.substring(PREFIX.length()).toLowerCase(java.util.Locale.ROOT));
    }

    /** The SHA-256 of a key, as presented in {@code X-API-Key} or written in clear. */
    public static byte[] of(String key) {
        return Fingerprint.sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code sha256:<hex>} of a key: what to write in a configuration instead of the key. */
    public static String written(String key) {
        return PREFIX + HexFormat.of().formatHex(of(key));
    }

    /** Compares two digests in time independent of where they differ. */
    public static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
