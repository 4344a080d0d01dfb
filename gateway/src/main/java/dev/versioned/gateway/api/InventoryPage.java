package dev.versioned.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Body of {@code GET /v1/inventory?storeId=&after=&limit=}: one page of a store's live records in productId
 * order. {@code next} is present while more may follow: pass its {@code after} to get the next page.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record InventoryPage(String storeId, List<InventoryView> records, Optional<Next> next) {

    /** Where the next page starts: after this productId. */
    public record Next(String after) {}
}
