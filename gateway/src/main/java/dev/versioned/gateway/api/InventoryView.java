package dev.versioned.gateway.api;

import dev.versioned.schemas.InventoryRecord;
import java.time.Instant;

/** Body of {@code GET /v1/inventory/{productId}}: the record as the state view holds it. */
public record InventoryView(String storeId, String productId, long quantity, long version, Instant lastUpdated) {

    public static InventoryView of(InventoryRecord record) {
        return new InventoryView(
                record.storeId(), record.productId(), record.quantity(), record.version(), record.lastUpdated());
    }
}
