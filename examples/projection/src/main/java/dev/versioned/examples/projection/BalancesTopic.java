package dev.versioned.examples.projection;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The topics around the projection: the events topic must exist; the balances topic is created if it does not. */
final class BalancesTopic {

    private static final long TIMEOUT_SECONDS = 30;

    private BalancesTopic() {}

    /**
     * Creates the balances topic, compacted (only each account's latest balance matters), with as many partitions
     * as the events topic and the broker's default replication, unless it exists.
     *
     * @throws IllegalStateException when the events topic does not exist or the broker does not answer
     */
    static void ensure(Admin admin, ProjectionSettings settings) throws InterruptedException {
        try {
            TopicDescription events = admin.describeTopics(Set.of(settings.eventsTopic()))
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(settings.eventsTopic());
            NewTopic balances = new NewTopic(
                            settings.balancesTopic(),
                            Optional.of(events.partitions().size()),
                            Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(Set.of(balances)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("the events topic " + settings.eventsTopic() + " does not exist", e);
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + settings.balancesTopic(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + settings.bootstrapServers() + " did not answer in " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
