package dev.versioned.processor.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.processor.config.DocumentSettings;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.TopicNames;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The production topology under {@link TopologyTestDriver} with the example collections {@code customers} and
 * {@code wallets} (the schemas the processor's jar ships for the local stack), sending document requests as the gateway does and
 * reading the documents' outputs.
 */
final class DocumentFixture implements AutoCloseable {

    static final String REPLY_TOPIC = "inventory.replies.gw-1";
    static final Instant START = Instant.parse("2025-09-02T15:30:00Z");

    /** What the topology counts into for the admin endpoint's metrics. */
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> requests;
    private final TestOutputTopic<String, DocumentResult> results;
    private final TestOutputTopic<String, DocumentRecord> state;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, dev.versioned.schemas.UpdateResult> inventoryResults;
    private final TestOutputTopic<String, byte[]> replies;
    private final AtomicInteger correlation = new AtomicInteger();
    private Instant now = START;

    DocumentFixture(Path stateDir) {
        this(settings(DocumentSettings.DEFAULT_MAX_DOCUMENT_BYTES), stateDir);
    }

    DocumentFixture(ProcessorSettings settings, Path stateDir) {
        Properties props = StreamsProperties.of(settings);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                UpdateTopology.build(settings, KafkaBoundary.singlePartition(), meters), props, START);
        TopicNames topics = settings.topics();
        requests = driver.createInputTopic(
                topics.requests(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        results = driver.createOutputTopic(
                settings.documents().resultsTopic(),
                Serdes.String().deserializer(),
                WireSerdes.DOCUMENT_RESULT.deserializer());
        state = driver.createOutputTopic(
                settings.documents().stateTopic(),
                Serdes.String().deserializer(),
                WireSerdes.DOCUMENT_RECORD.deserializer());
        deadLetters = driver.createOutputTopic(
                topics.deadLetters(), Serdes.String().deserializer(), WireSerdes.DEAD_LETTER.deserializer());
        inventoryResults = driver.createOutputTopic(
                topics.results(), Serdes.String().deserializer(), WireSerdes.UPDATE_RESULT.deserializer());
        replies = driver.createOutputTopic(
                REPLY_TOPIC, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    /** The production defaults with the two example collections and this document size limit. */
    static ProcessorSettings settings(int maxDocumentBytes) {
        return ProcessorSettings.defaults("unused:9092")
                .withDocuments(DocumentSettings.NONE
                        .withMaxDocumentBytes(maxDocumentBytes)
                        .withExampleCollections());
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) WireFormat.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Instant now() {
        return now;
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    /** Sends a request keyed by its id, with a fresh correlation id and the reply topic; returns the id. */
    String send(DocumentRequest request) {
        String id = "c-" + correlation.incrementAndGet();
        sendRaw(request.id(), WireSerdes.DOCUMENT_REQUEST.toBytes(request), id);
        return id;
    }

    void sendRaw(String key, byte[] value, String correlationId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.REPLY_TOPIC, REPLY_TOPIC.getBytes(StandardCharsets.UTF_8));
        requests.pipeInput(new TestRecord<>(key, value, headers, now));
    }

    /**
     * Sends and returns its one result, after checking that the reply carried the same result, marked as a
     * document's.
     */
    DocumentResult decide(DocumentRequest request) {
        send(request);
        return onlyResult();
    }

    /** The one result on the results topic, checked against the one reply. */
    DocumentResult onlyResult() {
        List<DocumentResult> out = results.readValuesToList();
        if (out.size() != 1) {
            throw new AssertionError("expected exactly one result, got " + out);
        }
        List<TestRecord<String, byte[]>> reply = replies.readRecordsToList();
        if (reply.size() != 1) {
            throw new AssertionError("expected exactly one reply, got " + reply.size());
        }
        Header type = reply.get(0).headers().lastHeader(ReplyHeaders.RESULT_TYPE);
        if (type == null || !ReplyHeaders.DOCUMENT_RESULT.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            throw new AssertionError("the reply is not marked as a document result");
        }
        DocumentResult replied =
                WireSerdes.DOCUMENT_RESULT.fromBytes(reply.get(0).value());
        if (!replied.equals(out.get(0))) {
            throw new AssertionError("reply " + replied + " differs from result " + out.get(0));
        }
        return out.get(0);
    }

    /** Creates a document at version 1 and drops its outputs. */
    DocumentRecord given(String collection, String id, String document) {
        DocumentResult created = decide(DocumentRequest.put(collection, id, json(document), 0, "seed-" + id));
        if (!created.applied()) {
            throw new AssertionError("could not seed " + collection + "/" + id + ": " + created);
        }
        return state.readValue();
    }

    List<DocumentRecord> states() {
        return state.readValuesToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /** Reads and drops every reply. */
    void replies() {
        replies.readRecordsToList();
    }

    /**
     * Outcomes on the inventory's results topic: where a request goes that cannot be read far enough to tell it
     * is a document request (not JSON, oversized).
     */
    List<dev.versioned.schemas.UpdateResult> inventoryResults() {
        return inventoryResults.readValuesToList();
    }

    List<DocumentResult> results() {
        return results.readValuesToList();
    }

    /** The document as the processor's store holds it; empty when never written. */
    java.util.Optional<DocumentRecord> stored(String collection, String id) {
        return new dev.versioned.processor.store.DocumentStore(
                        driver.getKeyValueStore(dev.versioned.processor.store.DocumentStore.NAME))
                .load(new dev.versioned.schemas.DocumentKey(collection, id));
    }

    @Override
    public void close() {
        driver.close();
    }
}
