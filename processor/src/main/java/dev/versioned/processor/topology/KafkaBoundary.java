package dev.versioned.processor.topology;

import dev.versioned.processor.kafka.ReplyTopics;

/**
 * What the processor knows of the cluster around its topology: how many partitions the requests topic
 * has (to recognise a record on the wrong partition for its key), which reply topics can be written,
 * and how often each input record has already failed.
 *
 * @param requestPartitions the requests topic's partition count, read once at start-up; it must never
 *                          change while the product has state (as for any keyed topic)
 */
public record KafkaBoundary(int requestPartitions, ReplyTopics replyTopics, RetryBudget retries) {

    public KafkaBoundary {
        if (requestPartitions < 1) {
            throw new IllegalArgumentException(
                    "the requests topic has at least one partition, was " + requestPartitions);
        }
    }

    /** One partition, every reply topic writable: what {@code TopologyTestDriver} runs the topology with. */
    public static KafkaBoundary singlePartition() {
        return new KafkaBoundary(1, ReplyTopics.assumeWritable(), new RetryBudget());
    }
}
