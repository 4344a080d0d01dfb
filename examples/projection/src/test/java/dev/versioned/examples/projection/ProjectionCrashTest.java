package dev.versioned.examples.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection as shipped, in a JVM of its own on a real broker, killed with {@code kill -9} while events arrive
 * and started again on the same state directory.
 *
 * <p>The run happens once (given/when): events of several accounts, with other categories and types mixed in, are
 * produced in transactions at a steady pace; once part of them is folded the projection is killed, and started
 * again at once while the rest arrive. Each test states one consequence of it (then), read from the balances topic
 * with {@code read_committed}, as any consumer of it reads it.
 */
class ProjectionCrashTest {

    private static final List<String> ACCOUNTS =
            List.of("account-1", "account-2", "account-3", "account-4", "account-5", "account-6");
    /** Streams whose events must be ignored: other categories, one of them with 'account' as a prefix. */
    private static final List<String> OTHER_STREAMS = List.of("order-1", "accountant-1");

    private static final int EVENTS = 600;
    private static final int EVENTS_PER_TRANSACTION = 10;
    /** 60 transactions, one every 50 ms: at least 3 s of events, so that some may arrive while the projection is down. */
    private static final Duration PACE = Duration.ofMillis(50);

    private static final Duration START_DEADLINE = Duration.ofSeconds(45);
    private static final Duration CATCH_UP_DEADLINE = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static ProjectionProcess projection;
    private static Plan plan;
    private static CommittedBalances committed;
    private static PacedProducer producer;
    private static int foldedAtKill;

    @BeforeAll
    static void killTheProjectionWhileEventsArriveAndStartItAgain() throws Exception {
        TestKafka kafka = TestKafka.shared();
        String events = TestKafka.unique("events");
        String balances = TestKafka.unique("balances");
        kafka.createTopics(3, events);
        plan = Plan.of(new Random(42));

        // given the projection running in its own JVM
        projection = new ProjectionProcess(
                List.of(
                        "--bootstrap-servers=" + kafka.bootstrapServers(),
                        "--events-topic=" + events,
                        "--balances-topic=" + balances,
                        "--application-id=" + TestKafka.unique("projection"),
                        "--state-dir=" + dir.resolve("state")),
                dir);
        projection.start();
        awaitRunning();
        committed = new CommittedBalances(kafka.bootstrapServers(), balances);

        // when events are produced at a steady pace
        producer = new PacedProducer(kafka.bootstrapServers(), events);

        // and the projection is killed with kill -9 once a quarter of what it must fold is committed
        awaitWithLog(
                "a quarter of the balances committed",
                CATCH_UP_DEADLINE,
                () -> committed.read() >= plan.foldedCount() / 4);
        long killedPid = projection.pid();
        projection.kill();
        long killedAt = System.nanoTime();
        int producedAtKill = producer.produced();
        foldedAtKill = committed.readToEnd();

        // and started again at once, on the same state directory
        projection.start();
        awaitRunning();
        double runningAfter = (System.nanoTime() - killedAt) / 1e9;
        producer.awaitDone(CATCH_UP_DEADLINE);
        awaitWithLog("every account's last event folded", CATCH_UP_DEADLINE, () -> {
            committed.read();
            return committed.versions().equals(plan.lastPositions());
        });
        System.out.printf(
                "PROJECTION pid %d killed with %d of %d balances committed and %d of %d events produced; restarted as"
                        + " pid %d, running %.1f s and caught up %.1f s after the kill%n",
                killedPid,
                foldedAtKill,
                plan.foldedCount(),
                producedAtKill,
                plan.events().size(),
                projection.pid(),
                runningAfter,
                (System.nanoTime() - killedAt) / 1e9);
    }

    @AfterAll
    static void stopTheProjection() throws Exception {
        if (producer != null) {
            producer.stop();
        }
        if (committed != null) {
            committed.close();
        }
        if (projection != null) {
            projection.stop();
        }
    }

    @Test
    @DisplayName("the kill came in the middle of the run: part of the events was folded, the rest was not")
    void theKillCameMidRun() {
        assertThat(foldedAtKill).isPositive().isLessThan(plan.foldedCount());
    }

    @Test
    @DisplayName("each account's final balance is the sum of all its deposits and withdrawals: none lost, none twice")
    void finalBalancesAreTheSumOfEveryEvent() {
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        committed.latest().forEach((account, balance) -> balances.put(account, balance.balance()));

        assertThat(balances)
                .usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactlyInAnyOrderEntriesOf(plan.balances());
    }

    @Test
    @DisplayName("the committed output holds one balance per folded event, in position order, none repeated")
    void everyEventIsFoldedOnceInPositionOrder() {
        assertThat(committed.versionHistory()).isEqualTo(plan.foldedPositions());
    }

    @Test
    @DisplayName("streams of other categories get no balance")
    void otherCategoriesAreIgnored() {
        assertThat(committed.latest().keySet()).containsExactlyInAnyOrderElementsOf(ACCOUNTS);
    }

    @Test
    @DisplayName(
            "exactly-once alone kept the count: the defensive position check skipped no event, before the kill or after")
    void theDefensiveCheckNeverFired() throws Exception {
        assertThat(projection.loggedInAnyStart("already folded")).isFalse();
    }

    private static void awaitRunning() {
        awaitWithLog("the projection running", START_DEADLINE, () -> {
            if (!projection.isAlive()) {
                throw new AssertionError("the projection exited");
            }
            return projection.logged("-> RUNNING");
        });
    }

    /** Awaits the condition; on a timeout or a failure, fails with the projection's log tail. */
    private static void awaitWithLog(String alias, Duration deadline, Callable<Boolean> condition) {
        try {
            await(alias).atMost(deadline).pollInSameThread().until(condition);
        } catch (ConditionTimeoutException | AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; " + committed + ", " + producer + "; the projection's log ends:\n"
                            + projection.tail(),
                    e);
        }
    }

    /**
     * Writes the plan's events in transactions of {@value #EVENTS_PER_TRANSACTION}, one every {@link #PACE}, as the
     * processor does: a transactional producer, so that the projection reads them {@code read_committed}.
     */
    private static final class PacedProducer {

        private final KafkaProducer<String, StreamEvent> producer;
        private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicInteger produced = new AtomicInteger();

        PacedProducer(String bootstrapServers, String topic) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.unique("events-writer"));
            producer = new KafkaProducer<>(props, new StringSerializer(), WireSerdes.STREAM_EVENT.serializer());
            producer.initTransactions();
            pacer.scheduleAtFixedRate(() -> produceNext(topic), 0, PACE.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void produceNext(String topic) {
            if (done.isDone()) {
                return;
            }
            try {
                int from = produced.get();
                int to = Math.min(plan.events().size(), from + EVENTS_PER_TRANSACTION);
                producer.beginTransaction();
                for (StreamEvent event : plan.events().subList(from, to)) {
                    producer.send(new ProducerRecord<>(topic, event.stream(), event));
                }
                producer.commitTransaction();
                produced.set(to);
                if (to == plan.events().size()) {
                    done.complete(null);
                }
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public String toString() {
            return produced.get() + " of " + plan.events().size() + " events produced";
        }

        /** How many events are committed on the topic. */
        int produced() {
            return produced.get();
        }

        void awaitDone(Duration deadline) throws Exception {
            done.get(deadline.toSeconds(), TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            pacer.shutdownNow();
            pacer.awaitTermination(30, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The events of the run, in the order they are produced, and what the projection must make of them.
     *
     * @param balances each account's sum of deposits minus withdrawals
     * @param foldedPositions each account's positions of the events the projection folds, in order
     */
    private record Plan(
            List<StreamEvent> events, Map<String, BigDecimal> balances, Map<String, List<Long>> foldedPositions) {

        static Plan of(Random random) {
            List<StreamEvent> events = new ArrayList<>();
            Map<String, Long> nextPosition = new HashMap<>();
            Map<String, BigDecimal> balances = new HashMap<>();
            Map<String, List<Long>> folded = new HashMap<>();
            for (String account : ACCOUNTS) {
                events.add(Events.opened(account, 0));
                nextPosition.put(account, 1L);
                balances.put(account, BigDecimal.ZERO);
                folded.put(account, new ArrayList<>(List.of(0L)));
            }
            while (events.size() < EVENTS) {
                int pick = random.nextInt(100);
                String stream = pick < 90
                        ? ACCOUNTS.get(random.nextInt(ACCOUNTS.size()))
                        : OTHER_STREAMS.get(random.nextInt(OTHER_STREAMS.size()));
                long position = nextPosition.merge(stream, 1L, Long::sum) - 1;
                BigDecimal amount = BigDecimal.valueOf(random.nextInt(1, 100_000), 2);
                int kind = random.nextInt(10);
                if (!"account".equals(StreamAppend.categoryOf(stream)) || kind < 6) {
                    events.add(Events.deposited(stream, position, amount));
                    balances.computeIfPresent(stream, (account, balance) -> balance.add(amount));
                } else if (kind < 9) {
                    events.add(Events.withdrawn(stream, position, amount));
                    balances.computeIfPresent(stream, (account, balance) -> balance.subtract(amount));
                } else {
                    events.add(Events.event(stream, position, "Renamed", Events.amount(amount)));
                    continue; // not folded
                }
                folded.computeIfPresent(stream, (account, positions) -> {
                    positions.add(position);
                    return positions;
                });
            }
            return new Plan(List.copyOf(events), Map.copyOf(balances), Map.copyOf(folded));
        }

        int foldedCount() {
            return foldedPositions.values().stream().mapToInt(List::size).sum();
        }

        Map<String, Long> lastPositions() {
            Map<String, Long> last = new HashMap<>();
            foldedPositions.forEach((account, positions) -> last.put(account, positions.get(positions.size() - 1)));
            return last;
        }
    }

    /** Everything committed on the balances topic so far, read from its start with {@code read_committed}. */
    private static final class CommittedBalances implements AutoCloseable {

        private final KafkaConsumer<String, AccountBalance> consumer;
        private final Map<String, List<AccountBalance>> history = new HashMap<>();
        private int records;

        CommittedBalances(String bootstrapServers, String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), AccountBalance.SERDE.deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /**
         * Reads everything committed so far: up to each partition's last stable offset, where a transaction that is
         * still open (one a killed projection left) begins.
         */
        int readToEnd() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            await("the balances topic read to its last stable offset")
                    .atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .until(() -> {
                        read();
                        return ends.entrySet().stream()
                                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
                    });
            return records;
        }

        /** Reads what was committed since the last call; returns how many balances were read in all. */
        int read() {
            for (ConsumerRecord<String, AccountBalance> record : consumer.poll(Duration.ofMillis(200))) {
                history.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(record.value());
                records++;
            }
            return records;
        }

        @Override
        public String toString() {
            return records + " of " + plan.foldedCount() + " balances read";
        }

        Map<String, AccountBalance> latest() {
            Map<String, AccountBalance> latest = new HashMap<>();
            history.forEach((account, balances) -> latest.put(account, balances.get(balances.size() - 1)));
            return latest;
        }

        Map<String, Long> versions() {
            Map<String, Long> versions = new HashMap<>();
            latest().forEach((account, balance) -> versions.put(account, balance.version()));
            return versions;
        }

        Map<String, List<Long>> versionHistory() {
            Map<String, List<Long>> versions = new HashMap<>();
            history.forEach((account, balances) -> versions.put(
                    account, balances.stream().map(AccountBalance::version).toList()));
            return versions;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
