package dev.versioned.processor.topology;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.processor.config.ProcessorSettings;
import dev.versioned.processor.config.StreamSettings;
import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.WireSerdes;
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
 * The production topology under {@link TopologyTestDriver}, sending appends as the gateway does (keyed by stream,
 * with a correlation id and a reply topic) and reading the events topic, the replies and the dead letters.
 */
final class StreamFixture implements AutoCloseable {

    static final String REPLY_TOPIC = "inventory.replies.gw-1";
    static final Instant START = Instant.parse("2025-09-02T15:30:00Z");

    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, byte[]> requests;
    private final TestOutputTopic<String, StreamEvent> events;
    private final TestOutputTopic<String, DeadLetter> deadLetters;
    private final TestOutputTopic<String, byte[]> replies;
    private final AtomicInteger correlation = new AtomicInteger();
    private Instant now = START;

    StreamFixture(Path stateDir) {
        this(settings(StreamSettings.DEFAULTS), stateDir);
    }

    StreamFixture(ProcessorSettings settings, Path stateDir) {
        Properties props = StreamsProperties.of(settings);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                UpdateTopology.build(settings, KafkaBoundary.singlePartition(), meters), props, START);
        requests = driver.createInputTopic(
                settings.topics().requests(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        events = driver.createOutputTopic(
                settings.streams().eventsTopic(),
                Serdes.String().deserializer(),
                WireSerdes.STREAM_EVENT.deserializer());
        deadLetters = driver.createOutputTopic(
                settings.topics().deadLetters(), Serdes.String().deserializer(), WireSerdes.DEAD_LETTER.deserializer());
        replies = driver.createOutputTopic(
                REPLY_TOPIC, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    static ProcessorSettings settings(StreamSettings streams) {
        return ProcessorSettings.defaults("unused:9092").withStreams(streams);
    }

    static ObjectNode data(String json) {
        return DocumentFixture.json(json);
    }

    static NewEvent event(String type, String json) {
        return NewEvent.of(type, data(json));
    }

    static StreamAppend append(String stream, ExpectedVersion expected, String key, NewEvent... events) {
        return StreamAppend.of(stream, expected, key, List.of(events));
    }

    void advance(Duration by) {
        now = now.plus(by);
    }

    /** Sends the append keyed by its stream and returns its one reply. */
    StreamResult decide(StreamAppend append) {
        sendRaw(append.stream(), WireSerdes.STREAM_APPEND.toBytes(append));
        return onlyReply();
    }

    void sendRaw(String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                ReplyHeaders.CORRELATION_ID, ("c-" + correlation.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
        headers.add(ReplyHeaders.REPLY_TOPIC, REPLY_TOPIC.getBytes(StandardCharsets.UTF_8));
        requests.pipeInput(new TestRecord<>(key, value, headers, now));
    }

    /** The one reply, checked to be marked as a stream's result. */
    StreamResult onlyReply() {
        List<TestRecord<String, byte[]>> out = replies.readRecordsToList();
        if (out.size() != 1) {
            throw new AssertionError("expected exactly one reply, got " + out.size());
        }
        Header type = out.get(0).headers().lastHeader(ReplyHeaders.RESULT_TYPE);
        if (type == null || !ReplyHeaders.STREAM_RESULT.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            throw new AssertionError("a stream's reply must carry result-type stream");
        }
        return WireSerdes.STREAM_RESULT.fromBytes(out.get(0).value());
    }

    /** The events written since the last call. */
    List<TestRecord<String, StreamEvent>> events() {
        return events.readRecordsToList();
    }

    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    double counter(String name, String outcome) {
        return meters.get(name).tag("outcome", outcome).counter().count();
    }

    @Override
    public void close() {
        driver.close();
    }
}
