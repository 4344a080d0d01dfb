package dev.versioned.gateway.kafka;

import java.util.Optional;

/**
 * One page of a record's history to find: the applied changes of {@code (storeId, productId)} at version
 * {@code fromVersion} or later, oldest first, at most {@code limit} of them.
 *
 * @param fromOffset where to start reading the product's partition of the results topic: a cursor's
 *     {@link HistoryCursor#fromOffset()}, so that the next page does not read again what the last one read;
 *     empty = from the partition's beginning
 */
public record HistoryQuery(String storeId, String productId, long fromVersion, Optional<Long> fromOffset, int limit) {

    public HistoryQuery {
        if (fromVersion < 0 || limit < 1 || fromOffset.map(o -> o < 0).orElse(false)) {
            throw new IllegalArgumentException("fromVersion and fromOffset must be >= 0, limit >= 1");
        }
    }
}
