package dev.versioned.processor.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The requests topic as the cluster describes it at start-up. */
public final class RequestsTopic {

    static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(60);

    private RequestsTopic() {}

    /**
     * The partition count of the requests topic, which the processor needs to recognise a record on the
     * wrong partition for its key.
     *
     * @throws IllegalStateException naming the topic, when it does not exist or cannot be described in time
     */
    public static int partitions(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic))
                    .topicNameValues()
                    .get(topic)
                    .get(DESCRIBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .partitions()
                    .size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException(
                        "the requests topic '" + topic + "' does not exist: create the topics "
                                + "first (see docs/topics.md)",
                        e.getCause());
            }
            throw new IllegalStateException(
                    "could not describe the requests topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "could not describe the requests topic '" + topic + "' within " + DESCRIBE_TIMEOUT
                            + ": is Kafka reachable?",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing the requests topic '" + topic + "'", e);
        }
    }
}
