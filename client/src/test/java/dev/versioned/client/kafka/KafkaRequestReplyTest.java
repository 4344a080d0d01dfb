package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireSerdes;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The request/reply client on the real broker, without a processor: what it does when no (readable) reply comes. */
class KafkaRequestReplyTest {

    private static final int MAX_PENDING = 10;
    /** Serializes every request except those of this product, like a serializer that cannot write a value. */
    private static final String UNWRITABLE = "UNWRITABLE";

    private final TestKafka kafka = TestKafka.shared();
    private final KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()), "rr");
    private KafkaRequestReply client;
    private String requests;

    @BeforeEach
    void start() throws Exception {
        requests = TestKafka.unique("rr-requests");
        kafka.createTopics(1, requests);
        Function<UpdateRequest, byte[]> serializer = request -> {
            if (request.productId().equals(UNWRITABLE)) {
                throw new SerializationException("cannot write this request");
            }
            return WireSerdes.UPDATE_REQUEST.toBytes(request);
        };
        client = new KafkaRequestReply(
                clients,
                new KafkaRequestReply.Settings(
                        requests,
                        TestKafka.unique("rr-replies.") + "rr",
                        1,
                        -1,
                        Duration.ofHours(1),
                        Duration.ofSeconds(30),
                        MAX_PENDING),
                RequestReplyListener.NONE,
                serializer);
        client.start();
    }

    @AfterEach
    void stop() {
        client.stop();
    }

    @Test
    @DisplayName("shutdown fails a caller still waiting for its reply at once, as outcome unknown")
    void shutdownFailsWaitingCallers() {
        // given a caller waiting (deadline 30 s) for a reply that will not come
        CompletableFuture<List<Outcome>> waiting = CompletableFuture.supplyAsync(
                () -> client.exchange(List.of(UpdateRequest.set("store-1", "P", 1, 0, "k")), Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pendingCount() == 1);
        // and its request written to the topic (before that, a stop would truthfully answer "not written")
        await().atMost(Duration.ofSeconds(10)).until(() -> endOffset(requests) == 1);
        // when the client stops
        client.stop();
        // then the caller is answered long before its deadline, with an unknown outcome (the request was sent)
        List<Outcome> outcomes =
                await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getNow(null), o -> o != null);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Unknown.class);
        assertThat(((Outcome.Unknown) outcomes.get(0)).reason()).contains("shut down");
        assertThat(client.pendingCount()).isZero();
        assertThat(client.isReady()).isFalse();
    }

    @Test
    @DisplayName("a stopped client refuses to send: not written")
    void stoppedClientRefuses() {
        client.stop();
        List<Outcome> outcomes =
                client.exchange(List.of(UpdateRequest.set("store-1", "P", 1, 0, "k")), Duration.ofSeconds(1));
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.NotWritten.class);
    }

    @Test
    @DisplayName("a request that cannot be serialized is not written, leaves no pending entry and takes no permit")
    void givenUnserializableRequest_whenExchanging_thenNotWrittenAndNothingHeld() throws Exception {
        List<Outcome> outcomes =
                client.exchange(List.of(UpdateRequest.set("store-1", UNWRITABLE, 1, 0, "k")), Duration.ofSeconds(5));

        assertThat(outcomes)
                .singleElement()
                .isInstanceOfSatisfying(
                        Outcome.NotWritten.class, o -> assertThat(o.reason()).contains("could not be serialized"));
        assertThat(client.pendingCount()).isZero();
        assertThat(client.freePermits()).isEqualTo(MAX_PENDING);
        assertThat(endOffset(requests)).isZero();
    }

    @Test
    @DisplayName("a batch that sends fewer requests than it reserved gives the rest back at once, and all at its end")
    void givenBatchWithUnserializableItem_whenExchanging_thenOthersSentAndEveryPermitReturned() throws Exception {
        List<UpdateRequest> batch = List.of(
                UpdateRequest.set("store-1", "A", 1, 0, "k-a"),
                UpdateRequest.set("store-1", UNWRITABLE, 1, 0, "k-u"),
                UpdateRequest.set("store-1", "B", 1, 0, "k-b"));
        CompletableFuture<List<Outcome>> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(batch, Duration.ofSeconds(3)));

        // while waiting: only the two sent requests hold a permit
        await().atMost(Duration.ofSeconds(10)).until(() -> endOffset(requests) == 2);
        assertThat(client.pendingCount()).isEqualTo(2);
        assertThat(client.freePermits()).isEqualTo(MAX_PENDING - 2);

        List<Outcome> outcomes = waiting.get(15, TimeUnit.SECONDS);
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Unknown.class);
        assertThat(outcomes.get(1)).isInstanceOf(Outcome.NotWritten.class);
        assertThat(outcomes.get(2)).isInstanceOf(Outcome.Unknown.class);
        assertThat(client.pendingCount()).isZero();
        assertThat(client.freePermits()).isEqualTo(MAX_PENDING);
        // and the bound still takes a full batch
        List<UpdateRequest> full = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            full.add(UpdateRequest.set("store-1", UNWRITABLE, 1, 0, "k-" + i));
        }
        assertThat(client.exchange(full, Duration.ofSeconds(1))).allMatch(o -> o instanceof Outcome.NotWritten);
    }

    @Test
    @DisplayName("a reply whose value cannot be read is an unknown outcome of its own kind, not a send failure")
    void givenUnreadableReply_whenWaiting_thenUnknownUnreadableReply() throws Exception {
        CompletableFuture<List<Outcome>> waiting = CompletableFuture.supplyAsync(
                () -> client.exchange(List.of(UpdateRequest.set("store-1", "P", 1, 0, "k")), Duration.ofSeconds(20)));
        ConsumerRecord<String, byte[]> request = firstRecord(requests);

        // the processor's reply, as it would route it, but with a value that is not an UpdateResult
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                ReplyHeaders.CORRELATION_ID,
                request.headers().lastHeader(ReplyHeaders.CORRELATION_ID).value());
        String replyTopic = new String(
                request.headers().lastHeader(ReplyHeaders.REPLY_TOPIC).value(), StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = clients.producer(5_000)) {
            producer.send(new ProducerRecord<>(
                            replyTopic, null, request.key(), "{not json".getBytes(StandardCharsets.UTF_8), headers))
                    .get(10, TimeUnit.SECONDS);
        }

        List<Outcome> outcomes = waiting.get(15, TimeUnit.SECONDS); // well before the 20 s deadline
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Unknown.class, o -> {
            assertThat(o.kind()).isEqualTo(Outcome.Unknown.Kind.UNREADABLE_REPLY);
            assertThat(o.reason()).contains("reply could not be read").contains("may have been applied");
        });
        assertThat(client.pendingCount()).isZero();
        assertThat(client.freePermits()).isEqualTo(MAX_PENDING);
    }

    private ConsumerRecord<String, byte[]> firstRecord(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = clients.consumer("test-reader", "earliest")) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                return !read.isEmpty();
            });
            return read.get(0);
        }
    }

    private long endOffset(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(5, TimeUnit.SECONDS)
                    .offset();
        }
    }
}
