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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing applied twice, with real processes: a broker, two processors and a gateway, each
 * its own JVM. Writers go through the shipped clients ({@link dev.versioned.client.InventoryClient} over
 * HTTP, {@link dev.versioned.client.KafkaInventory} straight to Kafka) and do read-modify-write on three hot
 * and forty cold products in two stores, so the clients' retry loop is what runs under the faults: kill -9
 * a processor, restart it, restart the broker. Then {@link Checker} reads the topics and verifies every
 * promise, and the test shows that the paths it is about really ran: unknown outcomes, resends of the same
 * key, replays, and new keys after conflicts.
 */
class ChaosTest {

    private static final int HTTP_WRITERS = 4;
    private static final long PROGRESS_PER_PHASE = 80;

    @TempDir
    Path dir;

    @Test
    @DisplayName(
            "given writers on the shipped clients, when a processor is killed -9 and the broker restarts under load, then every answer holds, no key is applied twice, and per record versions and quantities add up")
    void givenShippedClients_whenProcessorKilledAndBrokerRestarted_thenNothingLostNothingAppliedTwice()
            throws Exception {
        Ledger ledger = new Ledger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newCachedThreadPool();
        List<KafkaWriter> kafkaWriters = new ArrayList<>();
        try (ProcessStack stack = new ProcessStack(dir, Duration.ofSeconds(3))) {
            try {
                // given
                stack.start();
                for (int i = 0; i < HTTP_WRITERS; i++) {
                    pool.submit(new HttpWriter("http-" + i, stack.baseUrl(), ledger, running, 1000 + i));
                }
                KafkaWriter direct =
                        new KafkaWriter("kafka-0", stack.bootstrap(), "chaos-direct", ledger, running, 2000);
                kafkaWriters.add(direct);
                pool.submit(direct);
                awaitProgress(ledger, "load before faults");
                // when
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
                assertThat(pool.awaitTermination(3, TimeUnit.MINUTES))
                        .as("writers finished")
                        .isTrue();
                kafkaWriters.forEach(KafkaWriter::close);
            }
            stack.awaitProcessorsCaughtUp(Duration.ofMinutes(2));
            Checker.Report report = Checker.check(stack.bootstrap(), ledger);
            System.out.println("CHAOS writers: " + ledger);
            System.out.println("CHAOS checker: " + report);

            // then: the promises hold
            assertThat(report.violations()).as(report.toString()).isEmpty();
            assertThat(ledger.unexpected).as("unexpected answers").isEmpty();
            assertThat(ledger.unresolved)
                    .as("operations never answered definitely")
                    .isEmpty();
            assertThat(report.applied())
                    .as("every applied key in the audit log ended exactly one operation as applied")
                    .isEqualTo(ledger.operationsApplied.get());
            assertThat(report.records()).as("records written in both stores").isGreaterThan(2 * Writer.HOT.size());
            // and the paths under test really ran
            assertThat(ledger.operationsApplied.get()).as("load was applied").isGreaterThan(4 * PROGRESS_PER_PHASE / 2);
            assertThat(ledger.unknownOutcomes.get()).as("unknown outcomes").isPositive();
            assertThat(ledger.resends.get()).as("resends with the same key").isPositive();
            assertThat(ledger.replays.get()).as("replays answered to writers").isPositive();
            assertThat(report.replays()).as("replays in the audit log").isPositive();
            assertThat(ledger.newKeysAfterConflict.get())
                    .as("new keys after a conflict")
                    .isPositive();
        }
    }

    private static void awaitProgress(Ledger ledger, String phase) {
        long target = ledger.decided() + PROGRESS_PER_PHASE;
        await(phase)
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> ledger.decided() >= target);
    }
}
