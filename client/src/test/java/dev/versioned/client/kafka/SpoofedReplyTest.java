package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ReplyHeaders;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * On the real broker: a reply that carries a waiting request's correlation id but is about another update (what
 * the processor sends when someone writes a request with a copied correlation id and this reply topic) does not
 * answer the waiting caller; the genuine reply still does.
 */
class SpoofedReplyTest {

    private final TestKafka kafka = TestKafka.shared();
    private final KafkaClients clients =
            new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()), "spoof");
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger late = new AtomicInteger();
    private KafkaRequestReply client;
    private String requests;

    @BeforeEach
    void start() throws Exception {
        requests = TestKafka.unique("spoof-requests");
        kafka.createTopics(1, requests);
        client = new KafkaRequestReply(
                clients,
                new KafkaRequestReply.Settings(
                        requests,
                        TestKafka.unique("spoof-replies.") + "spoof",
                        1,
                        -1,
                        Duration.ofHours(1),
                        Duration.ofSeconds(30),
                        10),
                new RequestReplyListener() {
                    @Override
                    public void rejectedReply() {
                        rejected.incrementAndGet();
                    }

                    @Override
                    public void lateReply() {
                        late.incrementAndGet();
                    }
                });
        client.start();
    }

    @AfterEach
    void stop() {
        client.stop();
    }

    @Test
    @DisplayName("a reply about another product with the waiting id is dropped and counted; the genuine one answers")
    void givenWaitingCaller_whenReplyAboutAnotherProductArrives_thenOnlyTheGenuineReplyAnswers() throws Exception {
        // given a caller waiting for its update of SKU-1
        UpdateRequest asked = UpdateRequest.set("store-1", "SKU-1", 7, 0, "key-1");
        CompletableFuture<List<Outcome>> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(List.of(asked), Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = requestsRead(1).get(0);

        // when a decision about SKU-2 arrives under its correlation id
        UpdateRequest other = UpdateRequest.set("store-1", "SKU-2", 1_000, 0, "attacker-key");
        reply(request, other);
        // then it is rejected and the caller keeps waiting
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        assertThat(waiting).isNotDone();
        assertThat(client.pendingCount()).isEqualTo(1);

        // when the genuine decision arrives
        reply(request, asked);
        // then the caller gets it
        List<Outcome> outcomes = waiting.get(20, TimeUnit.SECONDS);
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(Outcome.Decided.class, decided -> {
            assertThat(decided.result().productId()).contains("SKU-1");
            assertThat(decided.result().newQuantity()).contains(7L);
        });
        assertThat(rejected.get()).isEqualTo(1);
        assertThat(late.get()).isZero();
    }

    @Test
    @DisplayName("in a batch, a reply about one item's neighbour under that item's id answers neither item")
    void givenBatch_whenItemIdCarriesAnotherItemsDecision_thenRejectedAndEachItemGetsItsOwn() throws Exception {
        // given a batch of two items waiting
        UpdateRequest first = UpdateRequest.set("store-1", "SKU-A", 1, 0, "key-a");
        UpdateRequest second = UpdateRequest.set("store-1", "SKU-B", 2, 0, "key-b");
        CompletableFuture<List<Outcome>> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(List.of(first, second), Duration.ofSeconds(30)));
        List<ConsumerRecord<String, byte[]>> sent = requestsRead(2);

        // when the second item's decision arrives under the first item's id (answers swapped)
        reply(sent.get(0), second);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        // and then each item's own decision under its own id
        reply(sent.get(0), first);
        reply(sent.get(1), second);

        // then each item gets its own decision, in request order
        List<Outcome> outcomes = waiting.get(20, TimeUnit.SECONDS);
        assertThat(outcomes)
                .extracting(o -> ((Outcome.Decided) o).result().productId().orElseThrow())
                .containsExactly("SKU-A", "SKU-B");
    }

    /** The decision the processor would send for {@code decided}, routed with {@code request}'s headers. */
    private void reply(ConsumerRecord<String, byte[]> request, UpdateRequest decided) throws Exception {
        String correlationId = new String(
                request.headers().lastHeader(ReplyHeaders.CORRELATION_ID).value(), StandardCharsets.UTF_8);
        String replyTopic = new String(
                request.headers().lastHeader(ReplyHeaders.REPLY_TOPIC).value(), StandardCharsets.UTF_8);
        UpdateResult result = UpdateResult.applied(
                decided,
                Optional.of(correlationId),
                new InventoryRecord(
                        decided.storeId(),
                        decided.productId(),
                        decided.quantity().orElseThrow(),
                        1,
                        Instant.now()));
        RecordHeaders headers = new RecordHeaders();
        headers.add(ReplyHeaders.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = clients.producer(5_000)) {
            producer.send(new ProducerRecord<>(
                            replyTopic, null, decided.productId(), WireSerdes.UPDATE_RESULT.toBytes(result), headers))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private List<ConsumerRecord<String, byte[]>> requestsRead(int count) {
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
}
