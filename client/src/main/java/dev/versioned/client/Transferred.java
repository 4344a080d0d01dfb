package dev.versioned.client;

import dev.versioned.schemas.InventoryRecord;
import java.util.List;

/**
 * A transfer that applied: every item's record changed, one version each.
 *
 * @param records the records after the transfer, in the order of its items
 * @param replayed true when the service answered with the recorded outcome of an earlier send of the same key
 * @param idempotencyKey the transfer's key
 * @param resends sends repeated with the same key because an outcome was unknown or nothing was written
 */
public record Transferred(List<InventoryRecord> records, boolean replayed, String idempotencyKey, int resends) {

    public Transferred {
        records = List.copyOf(records);
    }
}
