package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.InventoryClient;
import dev.versioned.client.RetryPolicy;
import dev.versioned.schemas.InventoryRecord;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Many HTTP clients on one hot product: optimistic retry loses no update and applies none twice. */
class HttpHotProductTest extends OnDefaultStack {

    private static final Logger LOG = LoggerFactory.getLogger(HttpHotProductTest.class);
    private static final int THREADS = 8;
    private static final int PER_THREAD = 25;

    @Test
    @DisplayName("8 threads x 25 read-modify-write increments of one product reach exactly 200 at version 200")
    void hotProductReachesExactTotal() throws Exception {
        // given clients whose policy allows enough attempts for 8 writers on one record
        InventoryClient client = InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.ALL_STORES_KEY)
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(500)
                        .baseDelay(Duration.ofMillis(5))
                        .maxDelay(Duration.ofMillis(200))
                        .deadline(Duration.ofMinutes(2))
                        .build())
                .build();
        long started = System.nanoTime();

        // when every thread increments the same product 25 times
        Workload.Done done = Workload.increments(client, "store-2", "HOT-HTTP", THREADS, PER_THREAD, "http-hot");

        // then the total and the version are exact, and each operation was applied once
        LOG.info(
                "{} increments in {} ms: {} attempts ({} conflicts), {} resends",
                THREADS * PER_THREAD,
                (System.nanoTime() - started) / 1_000_000,
                done.attempts(),
                done.attempts() - THREADS * PER_THREAD,
                done.resends());
        InventoryRecord record = await().atMost(Duration.ofSeconds(10))
                .until(() -> client.read("store-2", "HOT-HTTP").orElseThrow(), r -> r.version() == 200);
        assertThat(record.quantity()).isEqualTo(200);
        assertThat(done.updates()).hasSize(THREADS * PER_THREAD);
        assertThat(done.updates().stream()
                        .mapToLong(u -> u.record().version())
                        .distinct()
                        .count())
                .isEqualTo(THREADS * PER_THREAD);
        assertThat(done.updates().stream()
                        .mapToLong(u -> u.record().version())
                        .max()
                        .orElseThrow())
                .isEqualTo(200);
        ExactlyOnce.assertAppliedOnceEach(stack.results("HOT-HTTP"), done.operationIds());
    }
}
