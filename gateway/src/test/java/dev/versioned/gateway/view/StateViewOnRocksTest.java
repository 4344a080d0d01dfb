package dev.versioned.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.kafka.StateView;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state view on a real broker and a real RocksDB: what it shows of the state topic, and what it does with
 * its directory. Each test has a topic and a directory of its own.
 */
class StateViewOnRocksTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");
    private static final TestKafka KAFKA = TestKafka.shared();

    @TempDir
    Path parent;

    private String topic;
    private Path directory;
    private KafkaProducer<String, byte[]> producer;
    private final List<StateView> views = new ArrayList<>();

    @BeforeEach
    void topicAndProducer() {
        topic = TestKafka.unique("view.state");
        KAFKA.createTopics(3, Map.of("cleanup.policy", "compact"), topic);
        directory = parent.resolve("state-view-test");
        producer = transactionalProducer();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (StateView view : views) {
            view.stop();
        }
        producer.close();
    }

    @Test
    @DisplayName(
            "given records on the state topic before start, when the view starts, then it holds them all and is caught up")
    void givenRecordsBeforeStart_whenStarted_thenCaughtUpWithAll() throws Exception {
        // given
        commit(record("store-1", "P-1", 1), record("store-1", "P-2", 1), record("store-2", "P-1", 1));
        // when
        StateView view = started(directory);
        // then
        assertThat(view.isCaughtUp()).isTrue();
        assertThat(view.get(new RecordKey("store-1", "P-1"))).contains(record("store-1", "P-1", 1));
        assertThat(view.get(new RecordKey("store-1", "P-2"))).contains(record("store-1", "P-2", 1));
        assertThat(view.get(new RecordKey("store-2", "P-1"))).contains(record("store-2", "P-1", 1));
        await("lag").atMost(DEADLINE).until(() -> view.lagRecords() == 0);
    }

    @Test
    @DisplayName("given several versions of one key, when the view has read them, then the last one written wins")
    void givenSeveralVersions_whenRead_thenLatestWins() throws Exception {
        // given
        commit(record("store-1", "P-1", 1), record("store-1", "P-1", 2), record("store-1", "P-1", 3));
        // when
        StateView view = started(directory);
        // then
        assertThat(view.get(new RecordKey("store-1", "P-1"))).contains(record("store-1", "P-1", 3));
    }

    @Test
    @DisplayName("given a tombstone after a record, when the view has read it, then the record is gone")
    void givenTombstone_whenRead_thenRecordGone() throws Exception {
        // given
        commit(record("store-1", "P-1", 1));
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(topic, "store-1/P-1", null));
        producer.commitTransaction();
        // when
        StateView view = started(directory);
        // then
        assertThat(view.get(new RecordKey("store-1", "P-1"))).isEmpty();
    }

    @Test
    @DisplayName("given an aborted transaction's record, when the view has read past it, then it is never visible")
    void givenAbortedRecord_whenReadPast_thenNeverVisible() throws Exception {
        // given an aborted version 2 between two committed records
        commit(record("store-1", "P-1", 1));
        producer.beginTransaction();
        send(record("store-1", "P-1", 2));
        send(record("store-1", "P-aborted", 1));
        producer.flush();
        producer.abortTransaction();
        StateView view = started(directory);
        // when a committed record after it has been read
        commit(record("store-1", "P-after", 1));
        await("record after the aborted ones")
                .atMost(DEADLINE)
                .until(() -> view.get(new RecordKey("store-1", "P-after")).isPresent());
        // then
        assertThat(view.get(new RecordKey("store-1", "P-1"))).contains(record("store-1", "P-1", 1));
        assertThat(view.get(new RecordKey("store-1", "P-aborted"))).isEmpty();
    }

    @Test
    @DisplayName("given a reader waiting for a version, when that version is committed, then the wait returns it")
    void givenWaitingReader_whenVersionArrives_thenReturnsIt() throws Exception {
        // given
        commit(record("store-1", "P-1", 1));
        StateView view = started(directory);
        RecordKey key = new RecordKey("store-1", "P-1");
        CompletableFuture<Optional<InventoryRecord>> waiting =
                CompletableFuture.supplyAsync(() -> awaitVersion(view, key, 2, DEADLINE));
        // when
        commit(record("store-1", "P-1", 2));
        // then
        assertThat(waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).contains(record("store-1", "P-1", 2));
    }

    @Test
    @DisplayName(
            "given a version that never comes, when a reader waits for it, then the wait ends with the record as it stands")
    void givenVersionNeverComes_whenWaiting_thenTimesOutWithCurrent() throws Exception {
        // given
        commit(record("store-1", "P-1", 1));
        StateView view = started(directory);
        // when
        Optional<InventoryRecord> read = view.awaitVersion(new RecordKey("store-1", "P-1"), 5, Duration.ofMillis(300));
        // then
        assertThat(read).contains(record("store-1", "P-1", 1));
    }

    @Test
    @DisplayName(
            "given a store's records, when listed in pages, then they come in productId order, each page strictly after the last id")
    void givenStoreRecords_whenListedInPages_thenOrderedAndAfterIsExclusive() throws Exception {
        // given, written out of order
        commit(
                record("store-1", "P-3", 1),
                record("store-1", "P-1", 1),
                record("store-1", "P-5", 1),
                record("store-1", "P-2", 1),
                record("store-1", "P-4", 1));
        StateView view = started(directory);
        // when
        List<InventoryRecord> first = view.list("store-1", Optional.empty(), 2);
        List<InventoryRecord> second = view.list("store-1", Optional.of("P-2"), 2);
        List<InventoryRecord> last = view.list("store-1", Optional.of("P-4"), 2);
        // then
        assertThat(ids(first)).containsExactly("P-1", "P-2");
        assertThat(ids(second)).containsExactly("P-3", "P-4");
        assertThat(ids(last)).containsExactly("P-5");
        assertThat(view.list("store-1", Optional.of("P-5"), 2)).isEmpty();
        assertThat(ids(view.list("store-1", Optional.of("P-25"), 10))).containsExactly("P-3", "P-4", "P-5");
    }

    @Test
    @DisplayName("given stores whose ids share a prefix, when one is listed, then only its own records come back")
    void givenStoresSharingPrefix_whenListed_thenIsolated() throws Exception {
        // given
        commit(
                record("store-1", "P-1", 1),
                record("store-10", "P-0", 1),
                record("store-1-b", "P-0", 1),
                record("store-", "P-0", 1),
                record("store-2", "P-0", 1));
        StateView view = started(directory);
        // when
        List<InventoryRecord> listed = view.list("store-1", Optional.empty(), 100);
        // then
        assertThat(listed).containsExactly(record("store-1", "P-1", 1));
        assertThat(view.list("store-3", Optional.empty(), 100)).isEmpty();
    }

    @Test
    @DisplayName(
            "given a view that ran, when a new view starts on the same directory, then it rebuilds from the topic, leftovers gone")
    void givenStoppedView_whenRestartedOnSameDirectory_thenRebuiltFromTopic() throws Exception {
        // given a view that read version 1 and was stopped; version 2 came while it was down
        commit(record("store-1", "P-1", 1));
        StateView first = started(directory);
        first.stop();
        commit(record("store-1", "P-1", 2), record("store-1", "P-2", 1));
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("left-over"), "from a crashed run");
        // when
        StateView second = started(directory);
        // then
        assertThat(second.get(new RecordKey("store-1", "P-1"))).contains(record("store-1", "P-1", 2));
        assertThat(second.get(new RecordKey("store-1", "P-2"))).contains(record("store-1", "P-2", 1));
        assertThat(directory.resolve("left-over")).doesNotExist();
    }

    @Test
    @DisplayName("given a running view, when it stops, then its store is closed and its directory deleted")
    void givenRunningView_whenStopped_thenClosedAndDirectoryDeleted() throws Exception {
        // given
        commit(record("store-1", "P-1", 1));
        StateView view = started(directory);
        assertThat(directory).isDirectory();
        // when
        view.stop();
        // then
        assertThat(directory).doesNotExist();
        assertThat(view.isRunning()).isFalse();
        assertThatThrownBy(() -> view.get(new RecordKey("store-1", "P-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    @DisplayName(
            "given a running view, when a second view starts on its directory, then the second fails and the first keeps its records")
    void givenRunningView_whenSecondStartsOnSameDirectory_thenSecondFails() throws Exception {
        // given
        commit(record("store-1", "P-1", 1));
        StateView first = started(directory);
        StateView second = view(directory);
        // when / then
        assertThatThrownBy(second::start).hasMessageContaining("another gateway");
        assertThat(first.get(new RecordKey("store-1", "P-1"))).contains(record("store-1", "P-1", 1));
    }

    @Test
    @DisplayName("given a record marked deleted, when read, then get returns it and a listing skips it")
    void givenDeletedRecord_whenRead_thenGetReturnsItAndListSkipsIt() throws Exception {
        // given
        InventoryRecord deleted = record("store-1", "P-2", 1).deletedAt(AT.plusSeconds(60));
        commit(record("store-1", "P-1", 1), record("store-1", "P-2", 1), deleted, record("store-1", "P-3", 1));
        StateView view = started(directory);
        // when
        Optional<InventoryRecord> got = view.get(new RecordKey("store-1", "P-2"));
        List<InventoryRecord> listed = view.list("store-1", Optional.empty(), 10);
        // then
        assertThat(got).contains(deleted);
        assertThat(got.get().deleted()).isTrue();
        assertThat(ids(listed)).containsExactly("P-1", "P-3");
    }

    private StateView view(Path dir) {
        Map<String, String> props = new HashMap<>(KAFKA.clientProperties());
        props.put("bootstrap.servers", KAFKA.bootstrapServers());
        StateView view =
                new StateView(new KafkaClients(props, "view-test"), topic, DEADLINE, () -> RocksViewStore.open(dir));
        views.add(view);
        return view;
    }

    private StateView started(Path dir) throws Exception {
        StateView view = view(dir);
        view.start();
        return view;
    }

    private static InventoryRecord record(String store, String product, long version) {
        return new InventoryRecord(store, product, 10 * version, version, AT.plusSeconds(version));
    }

    private void send(InventoryRecord r) {
        producer.send(new ProducerRecord<>(topic, r.key().asString(), WireSerdes.INVENTORY_RECORD.toBytes(r)));
    }

    private void commit(InventoryRecord... records) {
        producer.beginTransaction();
        for (InventoryRecord r : records) {
            send(r);
        }
        producer.commitTransaction();
    }

    private static List<String> ids(List<InventoryRecord> records) {
        return records.stream().map(InventoryRecord::productId).toList();
    }

    private static Optional<InventoryRecord> awaitVersion(StateView view, RecordKey key, long version, Duration wait) {
        try {
            return view.awaitVersion(key, version, wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KafkaProducer<String, byte[]> transactionalProducer() {
        Properties props = new Properties();
        props.putAll(KAFKA.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestKafka.unique("view-test-tx"));
        KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        p.initTransactions();
        return p;
    }
}
