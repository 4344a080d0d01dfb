package dev.versioned.processor.topology;

import dev.versioned.schemas.InventoryRecord;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts a state record on the partition of its productId, as murmur2 chooses it for the requests: with as
 * many state partitions as request partitions, a task writes state only to its own partition number, so a
 * transaction touches one state partition per task (and gets one marker there) instead of all of them.
 * The key stays {@code storeId/productId}; compaction is per key, so a reader sees the same latest records.
 */
final class StatePartitioner implements StreamPartitioner<String, Object> {

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
        String productId = ((InventoryRecord) value).productId();
        return Optional.of(Set.of(KeyPartitioner.partitionOf(productId, numPartitions)));
    }
}
