package dev.versioned.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.kafka.KafkaClients;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reader's bounds when Kafka does not answer: a scan that waits on an address where no broker listens holds
 * its slot until its deadline, then fails as Kafka trouble; meanwhile a read beyond the bound is refused at once.
 */
class HistoryReaderTest {

    private static final HistoryQuery QUERY = new HistoryQuery("store-1", "SKU-1", 1, Optional.empty(), 10);

    private final HistoryReader reader = new HistoryReader(
            new KafkaClients(
                    Map.of("bootstrap.servers", "localhost:" + freePort(), "reconnect.backoff.max.ms", "200"),
                    "history-test"),
            "inventory.results",
            1000,
            Duration.ofSeconds(2),
            1);

    @AfterEach
    void stop() {
        reader.stop();
    }

    @Test
    @DisplayName("beyond maxConcurrentScans a read is refused at once, and a scan that cannot reach Kafka fails")
    void boundedScans() {
        // given one scan running (waiting for a broker that is not there) with a bound of one
        CompletableFuture<Optional<HistoryPage>> first = CompletableFuture.supplyAsync(() -> reader.read(QUERY));
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.runningScans() == 1);
        // when another read comes, then it is refused without waiting
        assertThat(reader.read(QUERY)).isEmpty();
        // and the first fails as Kafka trouble once its deadline has passed, freeing its slot
        assertThat(first)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(KafkaException.class);
        assertThat(reader.runningScans()).isZero();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
