package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.client.Change;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.RetryPolicy;
import dev.versioned.client.Updated;
import dev.versioned.schemas.UpdateResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka-direct client on the real broker and processor, without the gateway in the path. */
class KafkaDirectTest extends OnDefaultStack {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDirectTest.class);
    private static final RetryPolicy PATIENT = RetryPolicy.builder()
            .maxAttempts(500)
            .baseDelay(Duration.ofMillis(5))
            .maxDelay(Duration.ofMillis(200))
            .deadline(Duration.ofMinutes(2))
            .build();

    @Test
    @DisplayName("8 threads x 25 increments of one product over Kafka reach exactly 200, each applied once")
    void hotProductReachesExactTotal() throws Exception {
        // given one Kafka-direct client shared by 8 threads
        try (KafkaInventory inventory = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-hot")
                .retryPolicy(PATIENT)
                .start()) {
            long started = System.nanoTime();

            // when every thread increments the same product 25 times
            Workload.Done done = Workload.increments(inventory, "store-1", "HOT-KAFKA", 8, 25, "kafka-hot");

            // then the record is exactly at 200 / version 200, read back from the state topic
            LOG.info(
                    "200 increments over Kafka in {} ms: {} attempts, {} resends",
                    (System.nanoTime() - started) / 1_000_000,
                    done.attempts(),
                    done.resends());
            assertThat(inventory.read("store-1", "HOT-KAFKA")).hasValueSatisfying(r -> {
                assertThat(r.quantity()).isEqualTo(200);
                assertThat(r.version()).isEqualTo(200);
            });
            ExactlyOnce.assertAppliedOnceEach(stack.results("HOT-KAFKA"), done.operationIds());
        }
    }

    @Test
    @DisplayName("replies lost to a 30 ms client deadline are resent with the same key; each increment applied once")
    void lostRepliesAppliedOnce() throws Exception {
        // given a client that gives up waiting for a reply after 30 ms, below the processor's commit interval
        try (KafkaInventory inventory = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-lost")
                .requestTimeout(Duration.ofMillis(30))
                .retryPolicy(PATIENT)
                .start()) {

            // when 4 writers increment one product 10 times each
            Workload.Done done = Workload.increments(inventory, "store-1", "LOST-KAFKA", 4, 10, "kafka-lost");

            // then replies were lost, and yet every operation moved the record exactly once
            List<UpdateResult> results = stack.results("LOST-KAFKA");
            LOG.info(
                    "40 increments over Kafka with a 30 ms deadline: {} attempts, {} resends, {} replayed results",
                    done.attempts(),
                    done.resends(),
                    results.stream().filter(UpdateResult::replayed).count());
            assertThat(done.resends()).isPositive();
            assertThat(inventory.read("store-1", "LOST-KAFKA")).hasValueSatisfying(r -> {
                assertThat(r.quantity()).isEqualTo(40);
                assertThat(r.version()).isEqualTo(40);
            });
            ExactlyOnce.assertAppliedOnceEach(results, done.operationIds());
        }
    }

    @Test
    @DisplayName("a record is read back from the state topic as the last update left it")
    void readsOwnWrite() throws Exception {
        try (KafkaInventory inventory = KafkaInventory.builder()
                .bootstrapServers(stack.bootstrapServers())
                .instanceId("it-read")
                .start()) {
            // given a record set to 7
            Updated updated = inventory.update("store-3", "READ-KAFKA", (q, v) -> Change.setTo(7));
            // when it is read
            // then the read shows the committed update
            assertThat(inventory.read("store-3", "READ-KAFKA")).contains(updated.record());
            assertThat(inventory.read("store-3", "NEVER-WRITTEN")).isEmpty();
        }
    }
}
