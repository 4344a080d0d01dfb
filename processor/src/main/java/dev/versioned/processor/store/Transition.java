package dev.versioned.processor.store;

import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One applied conditional update of a record, as the record itself remembers it: the transition to
 * {@code version} (from {@code version - 1}), which idempotency key made it (a 64-bit hash), the request's
 * fingerprint, and the quantity and time it left. That is enough to replay its outcome exactly: a
 * conditional request expecting version v can only ever have been applied as the transition to v + 1.
 *
 * @param keyHash     {@link #hashOf} the idempotency key; 0 for a version that no conditional request made
 *                    (an unconditional ADJUST, or one written before records kept their transitions)
 * @param fingerprint the request's SHA-256 fingerprint, 32 bytes (all zero when the key hash is 0)
 */
public record Transition(long version, long keyHash, byte[] fingerprint, long quantity, Instant at) {

    /** Bytes of one transition in a store value: key hash, fingerprint, quantity, time (epoch millis). */
    static final int BYTES = Long.BYTES + 32 + Long.BYTES + Long.BYTES;

    /** A version made by a request that is remembered elsewhere (by its idempotency key), or not at all. */
    public static Transition unknown(long version, long quantity, Instant at) {
        return new Transition(version, 0, new byte[32], quantity, at);
    }

    /**
     * The transition an applied conditional request made.
     *
     * @param keyHash {@link #hashOf} the request's idempotency key
     * @param fingerprint {@link Fingerprint#bytes} of the request
     */
    public static Transition of(long version, long keyHash, byte[] fingerprint, long quantity, Instant at) {
        return new Transition(version, keyHash, fingerprint, quantity, at);
    }

    /** Whether a known request whose idempotency key has this {@link #hashOf hash} made this transition. */
    public boolean madeBy(long idempotencyKeyHash) {
        return keyHash != 0 && keyHash == idempotencyKeyHash;
    }

    /** This transition's outcome, as the request that made it was answered (without its correlation id). */
    public IdempotencyEntry asEntry(RecordKey record, String idempotencyKey) {
        UpdateResult outcome = new UpdateResult(
                Optional.empty(),
                Optional.of(record.storeId()),
                Optional.of(record.productId()),
                Optional.of(idempotencyKey),
                true,
                ResultCode.APPLIED,
                false,
                Optional.of(quantity),
                Optional.of(version),
                Optional.of(at),
                Optional.of(version - 1),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        return new IdempotencyEntry(HexFormat.of().formatHex(fingerprint), outcome, at);
    }

    /**
     * The first 8 bytes of the SHA-256 of the key. Two keys that differ share a hash with a chance of 2^-64;
     * it only picks the candidate: a replay also needs the full fingerprint, which contains the key itself.
     */
    public static long hashOf(String idempotencyKey) {
        byte[] digest = Fingerprint.sha256(idempotencyKey.getBytes(StandardCharsets.UTF_8));
        long hash = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            hash = (hash << 8) | (digest[i] & 0xff);
        }
        return hash == 0 ? 1 : hash; // 0 marks an unknown transition
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Transition t
                && version == t.version
                && keyHash == t.keyHash
                && Arrays.equals(fingerprint, t.fingerprint)
                && quantity == t.quantity
                && at.equals(t.at);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Long.hashCode(keyHash);
    }

    @Override
    public String toString() {
        return "Transition[version=" + version + ", known=" + (keyHash != 0) + ", quantity=" + quantity + ", at=" + at
                + "]";
    }
}
