package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the processor writes to the state topic, on a real broker: each product's records on the partition
 * of its requests, and its latest record once per commit rather than once per applied update.
 */
class StateTopicOnBrokerTest {

    private static final int UPDATES = 30;
    private static Path stateDir;
    private static BoundaryStack stack;

    @BeforeAll
    static void start() throws Exception {
        stateDir = Files.createTempDirectory("state-topic");
        // A long commit interval, so that a burst of updates of one product falls within one commit.
        stack = new BoundaryStack(
                TestKafka.shared(),
                stateDir,
                settings -> settings.withKafka(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "2000"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        try (var files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @DisplayName("a state record goes to the partition of its product's requests, not the one its key would hash to")
    void stateRecordsAreCoPartitionedWithTheRequests() {
        // given a product whose state key (storeId/productId) hashes to another partition than its productId
        String product = firstProductWhere(
                p -> BoundaryStack.murmur2Partition("store-1/" + p) != BoundaryStack.murmur2Partition(p), "co");

        // when it is created
        stack.send(product, update(product, 0, "create-" + product), "c-" + product);

        // then its state record is on the partition of its requests
        await().atMost(Duration.ofSeconds(60)).until(() -> !statesOf(product).isEmpty());
        assertThat(statesOf(product))
                .singleElement()
                .satisfies(r -> assertThat(r.partition()).isEqualTo(BoundaryStack.murmur2Partition(product)))
                .satisfies(r -> assertThat(r.key()).isEqualTo("store-1/" + product));
    }

    @Test
    @DisplayName(
            "a product updated many times within one commit gets fewer state records than updates, the last one current")
    void stateIsPublishedOncePerCommitNotPerUpdate() {
        // given one product and a burst of updates at consecutive versions, well within one commit interval
        String product = firstProductWhere(p -> true, "burst");
        for (int version = 0; version < UPDATES; version++) {
            stack.send(product, update(product, version, "burst-" + version), product + "-" + version);
        }

        // then every update is applied once
        await().atMost(Duration.ofSeconds(60)).until(() -> resultsOf(product).size() >= UPDATES);
        assertThat(resultsOf(product)).hasSize(UPDATES).allMatch(r -> r.code() == ResultCode.APPLIED);
        // and the state topic has fewer records than updates, in version order, ending at the current record
        List<InventoryRecord> states =
                statesOf(product).stream().map(ConsumerRecord::value).toList();
        assertThat(states)
                .hasSizeLessThan(UPDATES)
                .isSortedAccordingTo(Comparator.comparingLong(InventoryRecord::version));
        assertThat(states.get(states.size() - 1)).satisfies(last -> {
            assertThat(last.version()).isEqualTo(UPDATES);
            assertThat(last.quantity()).isEqualTo(UPDATES);
        });
    }

    private static String update(String product, long version, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"operation\":\"ADJUST\",\"delta\":1,"
                + "\"version\":" + version + ",\"idempotencyKey\":\"" + key + "\"}";
    }

    private static List<ConsumerRecord<String, InventoryRecord>> statesOf(String product) {
        return stack.states().stream()
                .filter(r -> r.value().productId().equals(product))
                .toList();
    }

    private static List<UpdateResult> resultsOf(String product) {
        return stack.results().stream()
                .map(ConsumerRecord::value)
                .filter(r -> r.productId().equals(Optional.of(product)))
                .toList();
    }

    private static String firstProductWhere(java.util.function.Predicate<String> condition, String prefix) {
        String base = TestKafka.unique(prefix);
        for (int i = 0; ; i++) {
            if (condition.test(base + "-" + i)) {
                return base + "-" + i;
            }
        }
    }
}
