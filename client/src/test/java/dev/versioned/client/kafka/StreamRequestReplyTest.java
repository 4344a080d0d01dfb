package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.StreamAppend;
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
 * On the real broker, with the test in the processor's place: an append goes to the requests topic keyed by its
 * stream with the reply-address headers, and only a stream reply ({@code result-type: stream}) about the same stream
 * and key answers it.
 */
class StreamRequestReplyTest {

    private final AtomicInteger rejected = new AtomicInteger();
    private final ProcessorStandIn processor = new ProcessorStandIn("streams");
    private KafkaRequestReply client;

    @BeforeEach
    void start() throws Exception {
        client = processor.startClient("streams", new RequestReplyListener() {
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
    @DisplayName("given an append, when it is sent, then it is keyed by the stream and its stream reply answers it")
    void givenAppend_whenSent_thenKeyedByStreamAndAnsweredByItsStreamReply() throws Exception {
        // given
        StreamAppend asked = append("account-1", "open-1");
        // when
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = processor.requestsRead(1).get(0);
        // then the record is the append, keyed by its stream
        assertThat(request.key()).isEqualTo("account-1");
        assertThat(WireSerdes.STREAM_APPEND.fromBytes(request.value()).idempotencyKey())
                .isEqualTo("open-1");
        assertThat(request.headers().lastHeader(ReplyHeaders.REPLY_TOPIC)).isNotNull();
        // and its reply answers it
        processor.replyApplied(request, asked);
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(Outcome.StreamDecided.class, decided -> {
            assertThat(decided.result().applied()).isTrue();
            assertThat(decided.result().version()).contains(1L);
        });
        assertThat(rejected.get()).isZero();
    }

    @Test
    @DisplayName("given a waiting append, when a stream reply about another stream comes, then it is rejected and"
            + " its own reply still answers")
    void givenWaitingAppend_whenReplyAboutAnotherStream_thenRejected() throws Exception {
        StreamAppend asked = append("account-2", "k-2");
        rejectedThenAnswered(asked, request -> processor.replyApplied(request, append("account-9", "k-2")));
    }

    @Test
    @DisplayName("given a waiting append, when a document reply naming its key comes, then it is rejected")
    void givenWaitingAppend_whenDocumentReplyComes_thenRejected() throws Exception {
        StreamAppend asked = append("account-3", "k-3");
        rejectedThenAnswered(
                asked,
                request -> processor.replyApplied(
                        request,
                        DocumentRequest.put("account", "account-3", JsonNodeFactory.instance.objectNode(), 0, "k-3")));
    }

    /** A reply that answers something else. */
    private interface Foreign {
        void send(ConsumerRecord<String, byte[]> request) throws Exception;
    }

    /** Given {@code asked} waiting, when {@code foreign} replies, then it is rejected and the own reply answers. */
    private void rejectedThenAnswered(StreamAppend asked, Foreign foreign) throws Exception {
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = processor.requestsRead(1).get(0);
        foreign.send(request);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected.get() == 1);
        assertThat(waiting).isNotDone();
        processor.replyApplied(request, asked);
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isInstanceOf(Outcome.StreamDecided.class);
    }

    @Test
    @DisplayName("given a waiting append, when its stream reply cannot be read, then the outcome is unknown")
    void givenWaitingAppend_whenReplyUnreadable_thenUnknownUnreadable() throws Exception {
        // given
        StreamAppend asked = append("account-4", "k-4");
        CompletableFuture<Outcome> waiting =
                CompletableFuture.supplyAsync(() -> client.exchange(asked, Duration.ofSeconds(30)));
        ConsumerRecord<String, byte[]> request = processor.requestsRead(1).get(0);
        // when
        processor.reply(
                request, "account-4", "{\"code\":".getBytes(StandardCharsets.UTF_8), ReplyHeaders.STREAM_RESULT);
        // then
        assertThat(waiting.get(20, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(
                        Outcome.Unknown.class,
                        unknown -> assertThat(unknown.kind()).isEqualTo(Outcome.Unknown.Kind.UNREADABLE_REPLY));
    }

    private static StreamAppend append(String stream, String key) {
        ObjectNode data = JsonNodeFactory.instance.objectNode().put("amount", 10);
        return StreamAppend.of(
                stream,
                ExpectedVersion.NO_STREAM,
                key,
                List.of(NewEvent.of("Opened", data), NewEvent.of("Deposited", data)));
    }
}
