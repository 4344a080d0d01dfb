package dev.versioned.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing applied twice, with real processes: a broker, two processors and a gateway, each
 * its own JVM. Writers over HTTP and straight to Kafka do read-modify-write on three hot and forty cold
 * products, retrying unknown outcomes with the same key. Under that load: kill -9 a processor, restart it,
 * restart the broker. Then {@link Checker} reads the topics and verifies every promise.
 */
class ChaosTest {

    private static final int HTTP_WRITERS = 4;
    private static final long PROGRESS_PER_PHASE = 80;

    @TempDir
    Path dir;

    @Test
    @DisplayName("kill -9 a processor and restart the broker under load: every answer holds, no key applied twice, versions and quantities add up")
    void nothingLostNothingAppliedTwice() throws Exception {
        Ledger ledger = new Ledger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<KafkaWriter> kafkaWriters = new ArrayList<>();
        try (ProcessStack stack = new ProcessStack(dir, Duration.ofSeconds(3))) {
            try {
                stack.start();
                try (var admin = stack.admin()) {
                    admin.createTopics(List.of(new NewTopic("inventory.replies.chaos-direct", 1, (short) 1))).all()
                            .get(30, TimeUnit.SECONDS);
                }
                for (int i = 0; i < HTTP_WRITERS; i++) {
                    pool.submit(new HttpWriter("http-" + i, stack.baseUrl(), ledger, running, 1000 + i));
                }
                KafkaWriter direct = new KafkaWriter("kafka-0", stack.bootstrap(), "inventory.replies.chaos-direct",
                        ledger, running, 2000);
                kafkaWriters.add(direct);
                pool.submit(direct);

                awaitProgress(ledger, "load before faults");
                stack.killProcessor(0);
                awaitProgress(ledger, "load with one processor killed");
                stack.restartProcessor(0);
                awaitProgress(ledger, "load after the processor restart");
                stack.restartBroker();
                awaitProgress(ledger, "load after the broker restart");
            } catch (Throwable failure) {
                throw new AssertionError("chaos run failed: " + failure + "\n" + ledger + stack.diagnostics(), failure);
            } finally {
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).as("writers finished").isTrue();
                kafkaWriters.forEach(KafkaWriter::close);
            }
            stack.awaitProcessorsCaughtUp(Duration.ofMinutes(2));
            Checker.Report report = Checker.check(stack.bootstrap(), ledger);
            System.out.println("CHAOS writers: " + ledger);
            System.out.println("CHAOS checker: " + report);

            assertThat(report.violations()).as(report.toString()).isEmpty();
            assertThat(ledger.unexpected).as("unexpected answers").isEmpty();
            assertThat(ledger.unresolved).as("operations never answered definitely").isEmpty();
            assertThat(ledger.applied.get()).as("load was applied").isGreaterThan(4 * PROGRESS_PER_PHASE / 2);
            assertThat(report.applied()).as("the audit log has at least every applied answer")
                    .isGreaterThanOrEqualTo(ledger.applied.get());
        }
    }

    private static void awaitProgress(Ledger ledger, String phase) {
        long target = ledger.decided() + PROGRESS_PER_PHASE;
        await(phase).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.decided() >= target);
    }
}
