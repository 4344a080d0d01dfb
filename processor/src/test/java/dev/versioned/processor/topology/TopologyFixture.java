package dev.versioned.processor.topology;

import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.store.InventoryStore;
import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology under {@link TopologyTestDriver}, built from the production settings, with
 * helpers to send requests the way the gateway and upstream producers do and to read every output.
 */
final class TopologyFixture implements AutoCloseable {

    static final String REPLY_TOPIC = "inventory.replies.gw-1";
    static final Instant START = Instant.parse("2025-09-02T15:30:00Z");

    final TopicNames topics = TopicNames.DEFAULTS;
    /** What the topology counts into for the admin endpoint's metrics. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> requests;
    private final TestOutputTopic<String, UpdateResult> results;
    private final TestOutputTopic<String, InventoryRecord> state;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, UpdateResult> replies;
    private final AtomicInteger correlation = new AtomicInteger();
    private Instant now = START;

    TopologyFixture(ProcessorSettings settings, Path stateDir) {
        Properties props = StreamsProperties.of(settings);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                UpdateTopology.build(settings, KafkaBoundary.singlePartition(), meters), props, START);
        requests = driver.createInputTopic(
                topics.requests(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        results = driver.createOutputTopic(
                topics.results(), Serdes.String().deserializer(), WireSerdes.UPDATE_RESULT.deserializer());
        state = driver.createOutputTopic(
                topics.state(), Serdes.String().deserializer(), WireSerdes.INVENTORY_RECORD.deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters(), Serdes.String().deserializer(), WireSerdes.DEAD_LETTER.deserializer());
        replies = driver.createOutputTopic(
                REPLY_TOPIC, Serdes.String().deserializer(), WireSerdes.UPDATE_RESULT.deserializer());
    }

    TopologyFixture(Path stateDir) {
        this(settings(), stateDir);
    }

    static ProcessorSettings settings() {
        return ProcessorSettings.defaults("unused:9092");
    }

    /** Moves the request clock (the record timestamps) forward. */
    void advance(Duration by) {
        now = now.plus(by);
    }

    Instant now() {
        return now;
    }

    /** Sets the request clock, backwards too: the next records carry this timestamp (past-dated, out of order). */
    void at(Instant timestamp) {
        now = timestamp;
    }

    /** Sends a request keyed by its productId with a fresh correlation id and the reply topic; returns the id. */
    String send(UpdateRequest request) {
        String id = "c-" + correlation.incrementAndGet();
        sendRaw(request.productId(), WireSerdes.UPDATE_REQUEST.toBytes(request), headers(id, REPLY_TOPIC));
        return id;
    }

    /** Sends a transfer keyed by its productId, as {@link #send} does an update; returns the correlation id. */
    String send(TransferRequest transfer) {
        String id = "c-" + correlation.incrementAndGet();
        sendRaw(transfer.productId(), WireSerdes.TRANSFER_REQUEST.toBytes(transfer), headers(id, REPLY_TOPIC));
        return id;
    }

    /**
     * Sends a transfer and returns its reply (the transfer's result with its items), after checking that the
     * results topic got exactly one result per item, equal to the reply's items.
     */
    UpdateResult transfer(TransferRequest transfer) {
        send(transfer);
        List<UpdateResult> reply = replies.readValuesToList();
        if (reply.size() != 1) {
            throw new AssertionError("expected exactly one reply, got " + reply);
        }
        List<UpdateResult> audit = results.readValuesToList();
        if (!audit.equals(reply.get(0).items().orElseThrow())) {
            throw new AssertionError("results " + audit + " are not the reply's items " + reply.get(0));
        }
        return reply.get(0);
    }

    void sendRaw(String key, byte[] value, RecordHeaders headers) {
        requests.pipeInput(new TestRecord<>(key, value, headers, now));
    }

    void sendJson(String key, String json) {
        sendRaw(key, json.getBytes(StandardCharsets.UTF_8), headers("c-" + correlation.incrementAndGet(), REPLY_TOPIC));
    }

    static RecordHeaders headers(String correlationId, String replyTopic) {
        RecordHeaders headers = new RecordHeaders();
        if (correlationId != null) {
            headers.add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        }
        if (replyTopic != null) {
            headers.add(ReplyHeaders.REPLY_TOPIC, replyTopic.getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** Sends and returns the one result it produced on the results topic. */
    UpdateResult decide(UpdateRequest request) {
        send(request);
        List<UpdateResult> out = results.readValuesToList();
        if (out.size() != 1) {
            throw new AssertionError("expected exactly one result, got " + out);
        }
        return out.get(0);
    }

    /** Puts a record into the inventory store directly, as if earlier updates had made it. */
    void seed(InventoryRecord record) {
        inventory().put(record);
        // The put is in the record cache: commit now, so that its state record (what the earlier updates would
        // have published) goes out here, and is dropped, rather than beside the next decision's outputs.
        driver.advanceWallClockTime(Duration.ZERO);
        state.readRecordsToList();
    }

    /** The record in the inventory store, or null when it was never written. */
    InventoryRecord stored(String storeId, String productId) {
        return inventory().find(new RecordKey(storeId, productId)).orElse(null);
    }

    private InventoryStore inventory() {
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(InventoryStore.NAME);
        return new InventoryStore(store);
    }

    /** Every key in the idempotency store now. */
    java.util.List<String> idempotencyKeys() {
        KeyValueStore<String, byte[]> store =
                driver.getKeyValueStore(dev.versioned.processor.store.IdempotencyStore.NAME);
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    /** The sizes of the idempotency store's values, in bytes. */
    java.util.List<Integer> idempotencyValueSizes() {
        KeyValueStore<String, byte[]> store =
                driver.getKeyValueStore(dev.versioned.processor.store.IdempotencyStore.NAME);
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(entry -> sizes.add(entry.value.length));
        }
        return sizes;
    }

    /**
     * Reads, and checks only the number of, the replies and state records a test does not look at: every
     * request sent here asks for a reply, and every applied update publishes its product's record.
     */
    void skipRepliesAndState(int replyCount, int stateCount) {
        assertCount("replies", replies.readValuesToList(), replyCount);
        assertCount("state records", state.readValuesToList(), stateCount);
    }

    /**
     * Fails when an output topic still holds a record the test did not read: no result, state record, dead
     * letter or reply was written beyond those the test expected.
     */
    void assertNoOtherOutput() {
        List<String> unread = new ArrayList<>();
        unread.addAll(unread("results", results));
        unread.addAll(unread("state", state));
        unread.addAll(unread("dead letters", deadLetters));
        unread.addAll(unread("replies", replies));
        if (!unread.isEmpty()) {
            throw new AssertionError("unexpected output: " + unread);
        }
    }

    private static void assertCount(String what, List<?> read, int expected) {
        if (read.size() != expected) {
            throw new AssertionError("expected " + expected + " " + what + ", got " + read);
        }
    }

    private static List<String> unread(String topic, TestOutputTopic<String, ?> output) {
        return output.readKeyValuesToList().stream()
                .map(kv -> topic + ": " + kv)
                .toList();
    }

    TestOutputTopic<String, UpdateResult> results() {
        return results;
    }

    TestOutputTopic<String, InventoryRecord> state() {
        return state;
    }

    TestOutputTopic<String, DeadLetter> deadLetters() {
        return deadLetters;
    }

    TestOutputTopic<String, UpdateResult> replies() {
        return replies;
    }

    TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
    }
}
