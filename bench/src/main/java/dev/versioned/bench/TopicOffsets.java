package dev.versioned.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Sums of offsets read through the admin client: end offsets of topics (what was written) and committed
 * offsets of a consumer group (what was consumed). End offsets include transaction markers (one per
 * partition written in each transaction); {@link ThroughputWrites} separates them by reading the records back.
 */
final class TopicOffsets {

    private final Admin admin;

    TopicOffsets(Admin admin) {
        this.admin = admin;
    }

    /** Sum of end offsets over every partition of the topic; 0 when the topic does not exist. */
    long endOffsets(String topic) throws InterruptedException {
        try {
            TopicDescription d =
                    admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            d.partitions().forEach(p -> specs.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(specs).all().get().values().stream()
                    .mapToLong(i -> i.offset())
                    .sum();
        } catch (ExecutionException e) {
            return 0;
        }
    }

    /** Earliest ({@code latest} false) or end offsets of every partition of the topics that exist. */
    Map<TopicPartition, Long> byPartition(Collection<String> topics, boolean latest) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            var names = topics.stream().filter(existing::contains).toList();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            admin.describeTopics(names)
                    .allTopicNames()
                    .get()
                    .values()
                    .forEach(d -> d.partitions()
                            .forEach(p -> specs.put(
                                    new TopicPartition(d.name(), p.partition()),
                                    latest ? OffsetSpec.latest() : OffsetSpec.earliest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } catch (ExecutionException e) {
            throw new IllegalStateException("offsets of " + topics, e.getCause());
        }
    }

    /** Names of the topics that start with the prefix. */
    Set<String> named(String prefix) throws InterruptedException {
        try {
            return admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(prefix))
                    .collect(Collectors.toSet());
        } catch (ExecutionException e) {
            throw new IllegalStateException("listing topics", e.getCause());
        }
    }

    /** Sum of the group's committed offsets on the topic. */
    long committed(String group, String topic) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset())
                    .sum();
        } catch (ExecutionException e) {
            return 0;
        }
    }

    /** Bytes on the brokers' disks per topic ({@code describeLogDirs}), for the given topics (0 when absent). */
    Map<String, Long> bytesOnDisk(Collection<String> topics) throws InterruptedException {
        Map<String, Long> bytes = new java.util.TreeMap<>();
        topics.forEach(t -> bytes.put(t, 0L));
        try {
            Set<Integer> brokers = admin.describeCluster().nodes().get().stream()
                    .map(org.apache.kafka.common.Node::id)
                    .collect(Collectors.toSet());
            for (var dirs :
                    admin.describeLogDirs(brokers).allDescriptions().get().values()) {
                for (var dir : dirs.values()) {
                    dir.replicaInfos().forEach((tp, replica) -> {
                        if (bytes.containsKey(tp.topic())) {
                            bytes.merge(tp.topic(), replica.size(), Long::sum);
                        }
                    });
                }
            }
            return bytes;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe the log dirs: " + e.getCause(), e);
        }
    }

    /** Deletes topics (ignoring those that do not exist), to keep the broker's disk use bounded. */
    void delete(Collection<String> topics) throws InterruptedException {
        try {
            Set<String> existing = admin.listTopics().names().get();
            var toDelete = topics.stream().filter(existing::contains).toList();
            if (!toDelete.isEmpty()) {
                admin.deleteTopics(toDelete).all().get();
            }
        } catch (ExecutionException e) {
            System.err.println("deleting topics " + topics + ": " + e.getCause());
        }
    }
}
