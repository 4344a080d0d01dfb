package dev.versioned.processor.store;

import dev.versioned.schemas.UpdateResult;

/**
 * What is remembered under an idempotency key: the fingerprint of the request that used it first and
 * the outcome it got. Lives only in the {@code idempotency-store} and its changelog.
 */
public record IdempotencyEntry(String fingerprint, UpdateResult result) {
}
