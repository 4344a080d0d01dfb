package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.UpdateRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger late = new AtomicInteger();
    private final ProcessorStandIn processor = new ProcessorStandIn("spoof");
    private KafkaRequestReply client;

    @BeforeEach
    void start() throws Exception {
        client = processor.startClient("spoof", new RequestReplyListener() {
            @Override
            public void rejectedReply() {
                rejected.incrementAndGet();
            }

            @Override
            public void lateReply() {
                late.incrementAndGet();
            }
        });
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
        processor.replyApplied(request, other);
        // then it is rejected and the caller keeps waiting
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        assertThat(waiting).isNotDone();
        assertThat(client.pendingCount()).isEqualTo(1);

        // when the genuine decision arrives
        processor.replyApplied(request, asked);
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
        processor.replyApplied(sent.get(0), second);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        // and then each item's own decision under its own id
        processor.replyApplied(sent.get(0), first);
        processor.replyApplied(sent.get(1), second);

        // then each item gets its own decision, in request order
        List<Outcome> outcomes = waiting.get(20, TimeUnit.SECONDS);
        assertThat(outcomes)
                .extracting(o -> ((Outcome.Decided) o).result().productId().orElseThrow())
                .containsExactly("SKU-A", "SKU-B");
    }

    private List<ConsumerRecord<String, byte[]>> requestsRead(int count) {
        return processor.requestsRead(count);
    }
}
