package dev.versioned.gateway.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.versioned.client.kafka.KafkaClients;
import dev.versioned.gateway.health.StateViewHealthCheck;
import dev.versioned.gateway.kafka.StreamView;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
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
 * The stream view on a real broker and a real RocksDB: what it shows of the events topic, that a page reads only
 * itself, and that the heap does not grow with the events it holds. Each test has a topic and a directory of its
 * own.
 */
class StreamViewOnRocksTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Instant AT = Instant.parse("2026-12-08T00:00:00Z");
    private static final TestKafka KAFKA = TestKafka.shared();
    private static final long NO_BYTE_LIMIT = Long.MAX_VALUE;

    @TempDir
    Path parent;

    private String topic;
    private KafkaProducer<String, byte[]> producer;
    private final List<StreamView> views = new ArrayList<>();

    @BeforeEach
    void topicAndProducer() {
        topic = TestKafka.unique("view.events");
        KAFKA.createTopics(3, topic);
        producer = producer();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (StreamView view : views) {
            view.stop();
        }
        producer.close();
    }

    @Test
    @DisplayName("given events of two streams, when viewed, then each stream has its head and its events in"
            + " position order, each with its globalPosition")
    void givenEventsOfTwoStreams_whenViewed_thenHeadsAndOrderedEvents() throws Exception {
        // given
        commit(event("account-1", 0, "Opened"), event("account-2", 0, "Opened"), event("account-1", 1, "Deposited"));
        // when
        StreamView view = started();
        // then
        assertThat(view.version("account-1")).contains(1L);
        assertThat(view.version("account-2")).contains(0L);
        assertThat(view.version("account-3")).isEmpty();
        List<JsonNode> events = json(view.events("account-1", 0, 1, false, 10, NO_BYTE_LIMIT));
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("Opened", "Deposited");
        assertThat(events)
                .allSatisfy(e -> assertThat(e.get("globalPosition").asText()).matches("[0-2]@[0-9]+"));
    }

    @Test
    @DisplayName("given streams whose names share a prefix, when one is read, then only its own events come back")
    void givenStreamsSharingPrefix_whenRead_thenIsolated() throws Exception {
        // given
        commit(event("account-1", 0, "A"), event("account-10", 0, "B"), event("account-1.x", 0, "C"));
        StreamView view = started();
        // when
        List<JsonNode> events = json(view.events("account-1", 0, Long.MAX_VALUE - 1, false, 10, NO_BYTE_LIMIT));
        // then
        assertThat(events).extracting(e -> e.get("type").asText()).containsExactly("A");
    }

    @Test
    @DisplayName("given a 10,000-event stream, when read a page of 1,000 at a time forward and backward, then every"
            + " position comes once, in order, and no page holds more than its limit")
    void givenTenThousandEvents_whenPaged_thenEveryPositionOnceInOrder() throws Exception {
        // given
        produce("account-big", 10_000, 10);
        StreamView view = started();
        // when
        List<Long> forward = new ArrayList<>();
        for (long from = 0; from <= 9_999; ) {
            List<byte[]> page = view.events("account-big", from, 9_999, false, 1_000, NO_BYTE_LIMIT);
            assertThat(page).hasSizeLessThanOrEqualTo(1_000).isNotEmpty();
            page.forEach(e -> forward.add(positionOf(e)));
            from = forward.get(forward.size() - 1) + 1;
        }
        List<Long> backward = new ArrayList<>();
        for (long from = 9_999; from >= 0; ) {
            List<byte[]> page = view.events("account-big", 0, from, true, 1_000, NO_BYTE_LIMIT);
            page.forEach(e -> backward.add(positionOf(e)));
            from = backward.get(backward.size() - 1) - 1;
        }
        // then
        assertThat(forward).hasSize(10_000);
        assertThat(forward).isSorted().doesNotHaveDuplicates().startsWith(0L).endsWith(9_999L);
        assertThat(backward).hasSize(10_000).startsWith(9_999L).endsWith(0L);
    }

    @Test
    @DisplayName("given large events, when a page has a byte budget, then it stops at the budget but takes at least"
            + " one event")
    void givenLargeEvents_whenPagedWithByteBudget_thenStopsAtBudget() throws Exception {
        // given events of about 2 KB each
        produce("account-large", 10, 2_000);
        StreamView view = started();
        // when
        List<byte[]> page = view.events("account-large", 0, 9, false, 10, 5_000);
        List<byte[]> tiny = view.events("account-large", 0, 9, false, 10, 1);
        // then
        assertThat(page).hasSize(2);
        assertThat(tiny).hasSize(1);
    }

    @Test
    @DisplayName("given a reader waiting for a version, when that version is committed, then the wait returns it")
    void givenWaitingReader_whenVersionArrives_thenReturnsIt() throws Exception {
        // given
        commit(event("account-1", 0, "Opened"));
        StreamView view = started();
        CompletableFuture<Optional<Long>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return view.awaitVersion("account-1", 1, DEADLINE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        // when
        commit(event("account-1", 1, "Deposited"));
        // then
        assertThat(waiting.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).contains(1L);
    }

    @Test
    @DisplayName("given no events topic, when the view starts, then it does not serve and the health check says why")
    void givenNoTopic_whenStarted_thenNotServingButHealthy() throws Exception {
        // given
        topic = TestKafka.unique("view.events.missing");
        // when
        StreamView view = started();
        // then
        assertThat(view.isCaughtUp()).isFalse();
        assertThat(view.notServing())
                .hasValueSatisfying(reason -> assertThat(reason).contains(topic));
        assertThat(new StateViewHealthCheck(view).execute().isHealthy()).isTrue();
    }

    @Test
    @DisplayName("given 2,000 events in the view, when 10,000 more of 2 KB are read into it, then the heap after a"
            + " full collection grows by far less than they weigh")
    void givenMoreEvents_whenViewed_thenHeapDoesNotGrowWithThem() throws Exception {
        // given
        produce("account-before", 2_000, 1_000);
        StreamView view = started();
        long before = heapAfterGc();
        // when about 21 MB of events are read into the view (sent by a producer closed before measuring: its
        // buffer pool keeps what it allocated)
        try (KafkaProducer<String, byte[]> other = producer()) {
            produce(other, "account-after", 10_000, 2_000);
        }
        await("the view holds every event")
                .atMost(DEADLINE)
                .until(() -> view.version("account-after").orElse(-1L) == 9_999 && view.lagRecords() == 0);
        long after = heapAfterGc();
        // then the heap holds none of them: a record cache would hold more than the 21 MB they weigh
        assertThat(after - before)
                .as("heap growth in bytes (before %d)", before)
                .isLessThan(8L << 20);
        assertThat(json(view.events("account-after", 9_999, 9_999, false, 1, NO_BYTE_LIMIT)))
                .singleElement()
                .satisfies(e -> assertThat(e.get("position").asLong()).isEqualTo(9_999));
    }

    /**
     * The heap in use right after a full collection, as each heap pool reports its usage after the last collection:
     * read from the collection itself, so no pause is needed for the numbers to settle.
     */
    private static long heapAfterGc() {
        System.gc();
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    private StreamView started() throws Exception {
        Map<String, String> props = new HashMap<>(KAFKA.clientProperties());
        props.put("bootstrap.servers", KAFKA.bootstrapServers());
        Path directory = parent.resolve("stream-view-" + views.size());
        StreamView view = new StreamView(new KafkaClients(props, "stream-view-test"), topic, DEADLINE, () -> directory);
        views.add(view);
        view.start();
        return view;
    }

    private static StreamEvent event(String stream, long position, String type) {
        return event(stream, position, type, "");
    }

    private static StreamEvent event(String stream, long position, String type, String padding) {
        return new StreamEvent(
                stream,
                position,
                UUID.nameUUIDFromBytes((stream + position).getBytes()).toString(),
                type,
                JsonNodeFactory.instance.objectNode().put("position", position).put("padding", padding),
                Optional.empty(),
                AT,
                Optional.empty());
    }

    /** {@code count} events of {@code stream}, each with {@code padding} bytes of data, flushed at the end. */
    private void produce(String stream, int count, int padding) {
        produce(producer, stream, count, padding);
    }

    private void produce(KafkaProducer<String, byte[]> with, String stream, int count, int padding) {
        String pad = "p".repeat(padding);
        for (int i = 0; i < count; i++) {
            send(with, event(stream, i, "Happened", pad));
        }
        with.flush();
    }

    private void send(KafkaProducer<String, byte[]> with, StreamEvent e) {
        with.send(new ProducerRecord<>(topic, e.stream(), WireSerdes.STREAM_EVENT.toBytes(e)));
    }

    private void commit(StreamEvent... events) {
        for (StreamEvent e : events) {
            send(producer, e);
        }
        producer.flush();
    }

    private static long positionOf(byte[] event) {
        return json(List.of(event)).get(0).get("position").asLong();
    }

    private static List<JsonNode> json(List<byte[]> events) {
        List<JsonNode> nodes = new ArrayList<>();
        for (byte[] event : events) {
            try {
                nodes.add(WireFormat.mapper().readTree(event));
            } catch (IOException e) {
                throw new AssertionError("an event of the view is not JSON", e);
            }
        }
        return nodes;
    }

    /**
     * An idempotent producer without transactions: the view reads {@code read_committed}, which takes records written
     * outside a transaction as they are (the state view's tests show what it does with aborted ones).
     */
    private static KafkaProducer<String, byte[]> producer() {
        Properties props = new Properties();
        props.putAll(KAFKA.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
