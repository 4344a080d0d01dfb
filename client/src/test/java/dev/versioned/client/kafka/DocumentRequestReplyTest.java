package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
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
 * On the real broker, with the test in the processor's place: a document request goes to the requests topic keyed
 * by its id with the reply-address headers, and only a document reply ({@code result-type: document}) about the
 * same collection, id and key answers it.
 */
class DocumentRequestReplyTest {

    private final AtomicInteger rejected = new AtomicInteger();
    private final ProcessorStandIn processor = new ProcessorStandIn("documents");
    private KafkaRequestReply client;

    @BeforeEach
    void start() throws Exception {
        client = processor.startClient("documents", new RequestReplyListener() {
            @Override
            public void rejectedReply() {
                rejected.incrementAndGet();
            }
        });
    }

    @AfterEach
    void stop() {
        client.stop();
    }

    @Test
    @DisplayName("given a document PUT, when it is sent, then it is keyed by the id, carries the reply address, and"
            + " its document reply answers it")
    void givenDocumentPut_whenSent_thenKeyedByIdAndAnsweredByItsDocumentReply() throws Exception {
        // given
        DocumentRequest asked = DocumentRequest.put("wallets", "w-1", wallet(10), 0, "open-w-1");
        // when
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = requestsRead(1).get(0);
        // then the record is the request, keyed by the document's id
        assertThat(request.key()).isEqualTo("w-1");
        DocumentRequest sent = WireSerdes.DOCUMENT_REQUEST.fromBytes(request.value());
        // JSON numbers come back as the narrowest node type: compared as text
        assertThat(sent.toString()).isEqualTo(asked.toString());
        assertThat(request.headers().lastHeader(ReplyHeaders.REPLY_TOPIC)).isNotNull();
        // and its reply answers it
        processor.replyApplied(request, asked);
        Outcome outcome = waiting.get(20, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOfSatisfying(Outcome.DocumentDecided.class, decided -> {
            assertThat(decided.result().applied()).isTrue();
            assertThat(decided.result().version()).contains(1L);
            assertThat(decided.result().document().map(Object::toString))
                    .contains(wallet(10).toString());
        });
        assertThat(rejected.get()).isZero();
    }

    @Test
    @DisplayName("given a waiting document request, when an update's reply comes under its id, then it is rejected"
            + " and the document reply still answers")
    void givenWaitingDocumentRequest_whenUpdateReplyComes_thenRejectedAndDocumentReplyAnswers() throws Exception {
        // given
        DocumentRequest asked = DocumentRequest.put("wallets", "w-2", wallet(3), 0, "open-w-2");
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = requestsRead(1).get(0);
        // when an update's decision naming the same strings arrives without the document header
        processor.replyApplied(request, UpdateRequest.set("wallets", "w-2", 3, 0, "open-w-2"));
        // then it is rejected and the caller keeps waiting
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        assertThat(waiting).isNotDone();
        // and its own document reply answers it
        processor.replyApplied(request, asked);
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(Outcome.DocumentDecided.class);
    }

    @Test
    @DisplayName(
            "given a waiting document request, when a document reply about another id comes, then it is" + " rejected")
    void givenWaitingDocumentRequest_whenReplyAboutAnotherIdComes_thenRejected() throws Exception {
        // given
        DocumentRequest asked = DocumentRequest.put("wallets", "w-3", wallet(1), 0, "open-w-3");
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = requestsRead(1).get(0);
        // when
        processor.replyApplied(request, DocumentRequest.put("wallets", "w-9", wallet(1_000), 0, "open-w-3"));
        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        assertThat(waiting).isNotDone();
        processor.replyApplied(request, asked);
        assertThat(waiting.get(20, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        Outcome.DocumentDecided.class,
                        decided -> assertThat(decided.result().id()).contains("w-3"));
    }

    @Test
    @DisplayName("given a waiting update, when a document reply naming its strings comes, then it is rejected and"
            + " the update's reply answers")
    void givenWaitingUpdate_whenDocumentReplyComes_thenRejectedAndUpdateReplyAnswers() throws Exception {
        // given
        UpdateRequest asked = UpdateRequest.set("wallets", "w-4", 7, 0, "key-4");
        CompletableFuture<List<Outcome>> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(List.of(asked), Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = requestsRead(1).get(0);
        // when
        processor.replyApplied(request, DocumentRequest.put("wallets", "w-4", wallet(7), 0, "key-4"));
        // then
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        assertThat(waiting).isNotDone();
        processor.replyApplied(request, asked);
        assertThat(waiting.get(20, TimeUnit.SECONDS)).singleElement().isInstanceOf(Outcome.Decided.class);
    }

    @Test
    @DisplayName("given a waiting document request, when its document reply cannot be read, then the outcome is"
            + " unknown: the processor decided, maybe applied")
    void givenWaitingDocumentRequest_whenReplyUnreadable_thenUnknownUnreadable() throws Exception {
        // given
        DocumentRequest asked = DocumentRequest.put("wallets", "w-5", wallet(5), 0, "open-w-5");
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = processor.requestsRead(1).get(0);
        // when a reply marked as a document result is no JSON of one
        processor.reply(request, "w-5", "{\"code\":".getBytes(StandardCharsets.UTF_8), true);
        // then
        assertThat(waiting.get(20, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        Outcome.Unknown.class,
                        unknown -> assertThat(unknown.kind()).isEqualTo(Outcome.Unknown.Kind.UNREADABLE_REPLY));
    }

    private static ObjectNode wallet(long balance) {
        ObjectNode wallet = JsonNodeFactory.instance.objectNode();
        wallet.put("name", "Ada");
        wallet.put("balance", balance);
        return wallet;
    }

    private List<ConsumerRecord<String, byte[]>> requestsRead(int count) {
        return processor.requestsRead(count);
    }
}
