package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.InventoryClient;
import dev.versioned.client.RetryPolicy;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.UpdateResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replies lost on the way back: the gateway's deadline (100 ms, its minimum) is shorter than the processor's
 * commit interval (150 ms) that a reply waits for under exactly-once, so many requests are answered 504
 * {@code OUTCOME_UNKNOWN} although they were (or will be) applied. The client resends each with the same
 * key until it gets the recorded outcome, and every operation is applied exactly once.
 */
class HttpLostRepliesTest {

    private static final Logger LOG = LoggerFactory.getLogger(HttpLostRepliesTest.class);
    private static final int THREADS = 4;
    private static final int PER_THREAD = 10;

    @TempDir
    static Path dataDir;

    private static RunningStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.start(dataDir, 150, Map.of("requestTimeout", "100ms"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @DisplayName("with gateway timeouts forced, every increment of a hot product is applied exactly once")
    void lostRepliesAppliedOnce() throws Exception {
        // given a client that resends unknown outcomes for up to 2 minutes
        InventoryClient client = InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.ALL_STORES_KEY)
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(200)
                        .baseDelay(Duration.ofMillis(10))
                        .maxDelay(Duration.ofMillis(200))
                        .deadline(Duration.ofMinutes(2))
                        .build())
                .build();

        // when 4 writers increment one product 10 times each through a gateway that times out often
        Workload.Done done = Workload.increments(client, "store-2", "LOST-HTTP", THREADS, PER_THREAD, "http-lost");

        // then replies were lost (resends happened), yet the record moved by exactly one per operation
        List<UpdateResult> results = stack.results("LOST-HTTP");
        long replays = results.stream().filter(UpdateResult::replayed).count();
        LOG.info(
                "{} increments: {} attempts, {} resends, {} replayed results on the results topic",
                THREADS * PER_THREAD,
                done.attempts(),
                done.resends(),
                replays);
        assertThat(done.resends()).as("sends repeated after an unknown outcome").isPositive();
        InventoryRecord record = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> client.read("store-2", "LOST-HTTP").orElseThrow(),
                        r -> r.version() >= THREADS * PER_THREAD);
        assertThat(record.version()).isEqualTo(THREADS * PER_THREAD);
        assertThat(record.quantity()).isEqualTo(THREADS * PER_THREAD);
        ExactlyOnce.assertAppliedOnceEach(results, done.operationIds());
    }
}
