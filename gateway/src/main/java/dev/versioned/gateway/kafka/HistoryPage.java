package dev.versioned.gateway.kafka;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Body of {@code GET /v1/inventory/{productId}/history}: one page of a record's applied changes, oldest first.
 *
 * @param complete false when the scan stopped at the gateway's bound (records scanned or deadline) before it
 *     filled the page or reached the end: more entries may follow, from {@code next}
 * @param next where the following page starts; absent when the history ends here (as of the request)
 * @param scanned how many records of the results partition this page read (not in the body)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record HistoryPage(
        String storeId,
        String productId,
        List<HistoryEntry> entries,
        boolean complete,
        Optional<HistoryCursor> next,
        @JsonIgnore long scanned) {

    public HistoryPage {
        entries = List.copyOf(entries);
    }
}
