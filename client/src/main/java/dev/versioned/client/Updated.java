package dev.versioned.client;

import dev.versioned.schemas.InventoryRecord;

/**
 * A definite, successful end of an update.
 *
 * @param record the record after the update (or as it stood when the change function returned no change)
 * @param changed false when the change function returned {@link Change#none()} and nothing was sent
 * @param replayed true when the service answered with the recorded outcome of an earlier send of the same
 *     key (the first send's reply was lost): applied once, reported again
 * @param idempotencyKey the key of the attempt that was applied (null when nothing was sent)
 * @param attempts attempts made (1 + definite version conflicts)
 * @param resends sends repeated with the same key because an outcome was unknown or nothing was written
 */
public record Updated(
        InventoryRecord record, boolean changed, boolean replayed, String idempotencyKey, int attempts, int resends) {}
