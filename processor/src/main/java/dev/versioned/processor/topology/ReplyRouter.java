package dev.versioned.processor.topology;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Sends each reply to the topic and partition its request named. A partition beyond the topic's
 * partition count falls back to partitioning by key rather than failing the send.
 */
public final class ReplyRouter implements TopicNameExtractor<String, Reply>, StreamPartitioner<String, Reply> {

    @Override
    public String extract(String key, Reply reply, RecordContext context) {
        return reply.address().topic();
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, Reply reply, int numPartitions) {
        return reply.address().partition().filter(p -> p < numPartitions).map(Set::of);
    }
}
