package dev.versioned.stack;

import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.schemas.TopicNames;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The product's topics with the partition counts and policies of a local stack. Requests, results and
 * state, the documents' among them, and the streams' events share a partition count (6: room for several processor
 * instances); states are compacted; events are kept forever.
 */
public final class StackTopics {

    public static final int PARTITIONS = 6;

    private StackTopics() {}

    /** The topics to create for these names, with replication factor {@code replication}. */
    public static List<NewTopic> of(TopicNames names, short replication) {
        return of(names, PARTITIONS, replication);
    }

    /** As {@link #of(TopicNames, short)}, with another partition count (the soak's many-partitions run). */
    public static List<NewTopic> of(TopicNames names, int partitions, short replication) {
        return List.of(
                new NewTopic(names.requests(), partitions, replication),
                new NewTopic(names.results(), partitions, replication),
                new NewTopic(names.state(), partitions, replication).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(names.deadLetters(), 1, replication),
                new NewTopic(DocumentSettings.DEFAULT_RESULTS_TOPIC, partitions, replication),
                new NewTopic(DocumentSettings.DEFAULT_STATE_TOPIC, partitions, replication)
                        .configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(StreamSettings.DEFAULT_EVENTS_TOPIC, partitions, replication).configs(EVENTS));
    }

    /**
     * The events topic's configuration: events are the source of truth of their streams, so neither time nor size
     * removes them (Kafka's defaults would delete them after 7 days).
     */
    public static final Map<String, String> EVENTS = Map.of("retention.ms", "-1", "retention.bytes", "-1");

    /** Creates whichever of the topics are missing; existing ones are left as they are. */
    public static void ensure(Admin admin, TopicNames names, short replication) throws InterruptedException {
        ensure(admin, names, PARTITIONS, replication);
    }

    /** As {@link #ensure(Admin, TopicNames, short)}, with another partition count. */
    public static void ensure(Admin admin, TopicNames names, int partitions, short replication)
            throws InterruptedException {
        for (var entry :
                admin.createTopics(of(names, partitions, replication)).values().entrySet()) {
            try {
                entry.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause(), e);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + entry.getKey(), e);
            }
        }
    }
}
