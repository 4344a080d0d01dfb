package dev.versioned.processor.topology;

import dev.versioned.schemas.KeyPartitions;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partition a request belongs to: murmur2 of the UTF-8 key, as Java producers (and the gateway) choose
 * it by default. Every request of one product must be decided on that one partition, by that one task: a
 * record that another partitioner put elsewhere (librdkafka's default CRC32, for instance) would
 * otherwise be decided by a second task with its own copy of the product's state.
 */
final class KeyPartitioner implements StreamPartitioner<String, Object> {

    static int partitionOf(String key, int partitions) {
        return KeyPartitions.partitionOf(key, partitions);
    }

    /** Forwards a request to the partition of its key, with the partition count the producer sees now. */
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Object value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }
}
