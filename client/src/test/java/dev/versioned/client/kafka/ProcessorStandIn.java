package dev.versioned.client.kafka;

import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The test in the processor's place, on the real broker: a requests topic of one partition, a started
 * {@link KafkaRequestReply} sending to it, the requests it wrote, and replies sent as the processor sends them.
 */
final class ProcessorStandIn {

    final KafkaClients clients;
    final String requests;

    ProcessorStandIn(String name) {
        TestKafka kafka = TestKafka.shared();
        this.clients = new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()), name);
        this.requests = TestKafka.unique(name + "-requests");
        kafka.createTopics(1, requests);
    }

    /** A started request/reply client on its own reply topic, reporting to {@code listener}. */
    KafkaRequestReply startClient(String name, RequestReplyListener listener) throws Exception {
        KafkaRequestReply client = new KafkaRequestReply(
                clients,
                new KafkaRequestReply.Settings(
                        requests,
                        TestKafka.unique(name + "-replies.") + name,
                        1,
                        -1,
                        Duration.ofHours(1),
                        Duration.ofSeconds(30),
                        10),
                listener);
        client.start();
        return client;
    }

    /** The first {@code count} requests written, awaited. */
    List<ConsumerRecord<String, byte[]>> requestsRead(int count) {
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-reader", "earliest")) {
            TopicPartition partition = new TopicPartition(requests, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return read.size() >= count;
            });
            return read;
        }
    }

    /** The value of a header of {@code record}, as text. */
    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code value} to {@code request}'s reply topic under its correlation id, with {@code result-type:
     * document} when {@code document}.
     */
    void reply(ConsumerRecord<String, byte[]> request, String key, byte[] value, boolean document) throws Exception {
        reply(request, key, value, document ? ReplyHeaders.DOCUMENT_RESULT : null);
    }

    /** Sends {@code value} to {@code request}'s reply topic under its correlation id, with {@code resultType} if any. */
    void reply(ConsumerRecord<String, byte[]> request, String key, byte[] value, String resultType) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                ReplyHeaders.CORRELATION_ID,
                header(request, ReplyHeaders.CORRELATION_ID).getBytes(StandardCharsets.UTF_8));
        headers.add(
                ReplyHeaders.REQUEST_POSITION,
                ReplyHeaders.position(request.partition(), request.offset()).getBytes(StandardCharsets.UTF_8));
        if (resultType != null) {
            headers.add(ReplyHeaders.RESULT_TYPE, resultType.getBytes(StandardCharsets.UTF_8));
        }
        try (KafkaProducer<String, byte[]> producer = clients.producer(5_000)) {
            producer.send(new ProducerRecord<>(header(request, ReplyHeaders.REPLY_TOPIC), null, key, value, headers))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    /** The processor's reply to {@code decided} applied at version 1 (no {@code result-type} header). */
    void replyApplied(ConsumerRecord<String, byte[]> request, UpdateRequest decided) throws Exception {
        UpdateResult result = UpdateResult.applied(
                decided,
                Optional.of(header(request, ReplyHeaders.CORRELATION_ID)),
                new InventoryRecord(
                        decided.storeId(),
                        decided.productId(),
                        decided.quantity().orElseThrow(),
                        1,
                        Instant.now()));
        reply(request, decided.productId(), WireSerdes.UPDATE_RESULT.toBytes(result), false);
    }

    /** The processor's reply to {@code decided} applied to a new stream: its events at positions 0, 1, ... */
    void replyApplied(ConsumerRecord<String, byte[]> request, StreamAppend decided) throws Exception {
        List<StreamResult.Appended> events = new ArrayList<>();
        for (int i = 0; i < decided.events().size(); i++) {
            events.add(new StreamResult.Appended(decided.eventId(i), i));
        }
        StreamResult result = StreamResult.appended(
                decided, Optional.of(header(request, ReplyHeaders.CORRELATION_ID)), 0, events, Instant.now());
        reply(request, decided.stream(), WireSerdes.STREAM_RESULT.toBytes(result), ReplyHeaders.STREAM_RESULT);
    }

    /** The processor's reply to the document PUT {@code decided} applied at version 1. */
    void replyApplied(ConsumerRecord<String, byte[]> request, DocumentRequest decided) throws Exception {
        DocumentResult result = DocumentResult.applied(
                decided,
                Optional.of(header(request, ReplyHeaders.CORRELATION_ID)),
                DocumentRecord.live(
                        decided.key(), 1, Instant.now(), decided.document().orElseThrow()));
        reply(request, decided.id(), WireSerdes.DOCUMENT_RESULT.toBytes(result), true);
    }
}
