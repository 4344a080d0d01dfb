package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.CategorySubscription;
import dev.versioned.client.Checkpoint;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.Streams;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.KeyPartitions;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A category subscription on the real stack: two competing members of one consumer group share the events topic's
 * partitions, and between them see every event of {@code account-*}, none of {@code order-*}, each stream in order.
 */
class CategorySubscriptionTest extends OnDefaultStack {

    /** The local stack's partition count of the events topic. */
    private static final int PARTITIONS = 6;

    @Test
    @DisplayName("two competing consumers see every event of account-*, none of order-*, each stream in position order")
    void competingConsumers() throws Exception {
        try (KafkaInventory kafka = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-subscription")
                .start()) {
            Streams streams = kafka.streams();
            // given two members of one group, each holding some of the partitions
            List<StreamEvent> first = new CopyOnWriteArrayList<>();
            List<StreamEvent> second = new CopyOnWriteArrayList<>();
            CategorySubscription one =
                    kafka.streams().subscribe("account-*", "balances", Checkpoint.beginning(), first::add);
            CategorySubscription two =
                    kafka.streams().subscribe("account-*", "balances", Checkpoint.beginning(), second::add);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !one.assignment().isEmpty()
                            && !two.assignment().isEmpty()
                            && one.assignment().size() + two.assignment().size() == PARTITIONS);

            // when one account stream on each partition gets 3 appends, and order streams get theirs
            List<String> accounts = onEveryPartition("account-sub");
            for (int round = 0; round < 3; round++) {
                for (String account : accounts) {
                    streams.append(account, ExpectedVersion.ANY, List.of(StreamsClientTest.event("Deposited", round)));
                }
                streams.append(
                        "order-sub-" + round, ExpectedVersion.ANY, List.of(StreamsClientTest.event("Placed", 1)));
            }

            // then between them the members saw every event of the account streams
            Set<String> expected = new HashSet<>();
            accounts.forEach(account -> {
                for (int position = 0; position < 3; position++) {
                    expected.add(account + "@" + position);
                }
            });
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> seen(first, second).containsAll(expected));
            // and both handled some: they competed for the partitions
            assertThat(first).anyMatch(event -> accounts.contains(event.stream()));
            assertThat(second).anyMatch(event -> accounts.contains(event.stream()));
            // and no event of another category
            assertThat(first)
                    .allSatisfy(event ->
                            assertThat(StreamAppend.categoryOf(event.stream())).isEqualTo("account"));
            assertThat(second)
                    .allSatisfy(event ->
                            assertThat(StreamAppend.categoryOf(event.stream())).isEqualTo("account"));
            // and each member saw each stream's events in position order, with their global positions
            assertInOrder(first);
            assertInOrder(second);
        }
    }

    /** One stream name of {@code prefix} per partition of the events topic. */
    private static List<String> onEveryPartition(String prefix) {
        Map<Integer, String> byPartition = new HashMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            String name = prefix + "-" + i;
            byPartition.putIfAbsent(KeyPartitions.partitionOf(name, PARTITIONS), name);
        }
        return new ArrayList<>(byPartition.values());
    }

    private static Set<String> seen(List<StreamEvent> first, List<StreamEvent> second) {
        Set<String> seen = new HashSet<>();
        first.forEach(event -> seen.add(event.stream() + "@" + event.position()));
        second.forEach(event -> seen.add(event.stream() + "@" + event.position()));
        return seen;
    }

    private static void assertInOrder(List<StreamEvent> handled) {
        Map<String, Long> last = new HashMap<>();
        for (StreamEvent event : handled) {
            assertThat(event.globalPosition()).isPresent();
            Long before = last.put(event.stream(), event.position());
            assertThat(event.position())
                    .as("position of %s after %s", event.stream(), before)
                    .isEqualTo(before == null ? event.position() : before + 1);
        }
    }
}
