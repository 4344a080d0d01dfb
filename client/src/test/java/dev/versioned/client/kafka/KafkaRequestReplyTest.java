package dev.versioned.client.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.UpdateRequest;
import dev.versioned.testkit.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The request/reply client on the real broker, without a processor: what it does when no reply comes. */
class KafkaRequestReplyTest {

    private final TestKafka kafka = TestKafka.shared();
    private KafkaRequestReply client;
    private String requests;

    @BeforeEach
    void start() throws Exception {
        requests = TestKafka.unique("rr-requests");
        kafka.createTopics(1, requests);
        client = new KafkaRequestReply(new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()), "rr"),
                requests, TestKafka.unique("rr-replies.") + "rr", 1, -1, Duration.ofHours(1), Duration.ofSeconds(30),
                10, RequestReplyListener.NONE);
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
        CompletableFuture<List<Outcome>> waiting = CompletableFuture.supplyAsync(() -> client.exchange(
                List.of(UpdateRequest.set("store-1", "P", 1, 0, "k")), Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pendingCount() == 1);
        // and its request written to the topic (before that, a stop would truthfully answer "not written")
        await().atMost(Duration.ofSeconds(10)).until(() -> endOffset(requests) == 1);
        // when the client stops
        client.stop();
        // then the caller is answered long before its deadline, with an unknown outcome (the request was sent)
        List<Outcome> outcomes = await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getNow(null),
                o -> o != null);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Unknown.class);
        assertThat(((Outcome.Unknown) outcomes.get(0)).reason()).contains("shut down");
        assertThat(client.pendingCount()).isZero();
        assertThat(client.isReady()).isFalse();
    }

    @Test
    @DisplayName("a stopped client refuses to send: not written")
    void stoppedClientRefuses() {
        client.stop();
        List<Outcome> outcomes = client.exchange(List.of(UpdateRequest.set("store-1", "P", 1, 0, "k")),
                Duration.ofSeconds(1));
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.NotWritten.class);
    }

    private long endOffset(String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
                    .get(5, TimeUnit.SECONDS).offset();
        }
    }
}
