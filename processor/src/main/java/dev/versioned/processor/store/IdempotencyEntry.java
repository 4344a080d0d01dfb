package dev.versioned.processor.store;

import dev.versioned.schemas.UpdateResult;
import java.time.Instant;

/**
 * What is remembered under an idempotency key: the fingerprint of the request that used it first, the
 * outcome it got, and when (stream time), so that expiry needs no other index.
 */
public record IdempotencyEntry(String fingerprint, UpdateResult result, Instant recordedAt) {}
