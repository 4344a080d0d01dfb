package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.Change;
import dev.versioned.client.InventoryClient;
import dev.versioned.client.RetryPolicy;
import dev.versioned.client.Updated;
import dev.versioned.schemas.InventoryRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack (gateway, processor, broker) restarts under a writing client: requests in flight end
 * unknown or with a lost connection, new ones are refused while it is down; the client resends each with its
 * key until it is decided, and every operation is applied exactly once.
 */
class HttpGatewayRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(HttpGatewayRestartTest.class);
    private static final int WRITERS = 4;

    @TempDir
    static Path dataDir;

    private static RunningStack stack;
    private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.start(dataDir, 50, Map.of());
    }

    @AfterEach
    void stopWriters() {
        pool.shutdownNow();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @DisplayName("a restart of the stack under 4 writers: every increment applied exactly once")
    void restartMidway() throws Exception {
        // given 4 writers incrementing one product until the restart is over, then 5 more times each
        InventoryClient client = InventoryClient.builder()
                .baseUri(stack.http())
                .apiKey(RunningStack.ALL_STORES_KEY)
                .requestTimeout(Duration.ofSeconds(5))
                .retryPolicy(RetryPolicy.builder()
                        .maxAttempts(100)
                        .baseDelay(Duration.ofMillis(20))
                        .maxDelay(Duration.ofMillis(500))
                        .deadline(Duration.ofMinutes(2))
                        .build())
                .build();
        AtomicBoolean restarted = new AtomicBoolean();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<Updated> done = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> writers = IntStream.range(0, WRITERS)
                .mapToObj(w -> CompletableFuture.runAsync(
                        () -> {
                            int after = 0;
                            for (int i = 0; after < 5; i++) {
                                boolean afterRestart = restarted.get();
                                String id = "restart-w" + w + "-" + i;
                                ids.add(id);
                                done.add(client.update("store-2", "RESTART", (q, v) -> Change.delta(1), id));
                                after += afterRestart ? 1 : 0;
                            }
                        },
                        pool))
                .toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> done.size() >= 20);

        // when the stack restarts on the same ports and data while they write
        stack = stack.restart();
        restarted.set(true);
        for (CompletableFuture<Void> writer : writers) {
            writer.get(3, TimeUnit.MINUTES);
        }

        // then the record moved by exactly one per operation
        LOG.info(
                "{} increments across a restart: {} attempts, {} resends",
                done.size(),
                done.stream().mapToInt(Updated::attempts).sum(),
                done.stream().mapToInt(Updated::resends).sum());
        InventoryRecord record = await().atMost(Duration.ofSeconds(10))
                .until(() -> client.read("store-2", "RESTART").orElseThrow(), r -> r.version() >= ids.size());
        assertThat(record.version()).isEqualTo(ids.size());
        assertThat(record.quantity()).isEqualTo(ids.size());
        ExactlyOnce.assertAppliedOnceEach(stack.results("RESTART"), ids);
    }
}
