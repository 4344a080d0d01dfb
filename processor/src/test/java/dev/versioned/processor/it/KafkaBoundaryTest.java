package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's Kafka boundary on a real broker: what other producers can send to the requests topic
 * must never give a product a second writer or stop the processor. {@code TopologyTestDriver} cannot show
 * this: it never fails a send and has one partition.
 */
class KafkaBoundaryTest {

    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(30);
    private static BoundaryStack stack;

    @TempDir
    static Path stateDir;

    @BeforeAll
    static void start() {
        stack = new BoundaryStack(TestKafka.shared(), stateDir, settings -> settings);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private static String create(String product, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"quantity\":10,\"version\":0,"
                + "\"idempotencyKey\":\"" + key + "\"}";
    }

    private static String adjust(String product, long version, String key) {
        return "{\"storeId\":\"store-1\",\"productId\":\"" + product + "\",\"delta\":-1,\"version\":" + version
                + ",\"idempotencyKey\":\"" + key + "\"}";
    }

    private static UpdateResult awaitResult(String correlationId) {
        await().atMost(DECIDED_WITHIN)
                .until(() -> !stack.resultsFor(correlationId).isEmpty());
        List<UpdateResult> results = stack.resultsFor(correlationId);
        assertThat(results).as("results for " + correlationId).hasSize(1);
        return results.get(0);
    }

    private static DeadLetter awaitDeadLetter(DeadLetterReason reason, String correlationOrKey) {
        await().atMost(DECIDED_WITHIN)
                .until(() -> deadLetter(reason, correlationOrKey).isPresent());
        return deadLetter(reason, correlationOrKey).orElseThrow();
    }

    private static Optional<DeadLetter> deadLetter(DeadLetterReason reason, String correlationOrKey) {
        return stack.deadLetters().stream()
                .map(ConsumerRecord::value)
                .filter(d -> d.reason() == reason)
                .filter(d -> d.correlationId().equals(Optional.of(correlationOrKey))
                        || d.key().filter(k -> k.startsWith(correlationOrKey)).isPresent())
                .findFirst();
    }

    private static Map<String, byte[]> correlation(String id) {
        return Map.of(ReplyHeaders.CORRELATION_ID, id.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName(
            "a request kcat puts on another partition than its key's is decided on its key's partition: one version sequence")
    void kcatDefaultPartitionerIsNotASecondWriter() throws Exception {
        Assumptions.assumeTrue(
                BoundaryStack.kcatInstalled() || "true".equals(System.getenv("CI")),
                "kcat is not installed (apt-get install -y kcat)");
        // given a product created by a Java producer, on its key's (murmur2) partition
        String product = BoundaryStack.misroutedByKcat("SKU-KCAT");
        double forwardedBefore = stack.metric("forwarded-wrong-partition-total");
        stack.send(product, create(product, "create"), "java-create");
        UpdateResult created = awaitResult("java-create");
        assertThat(created.newVersion()).as(created.toString()).contains(1L);

        // when kcat, partitioning by CRC32, sends the same create again and then an update at version 1
        stack.sendWithKcat(product, create(product, "create"), Map.of(ReplyHeaders.CORRELATION_ID, "kcat-create"));
        stack.sendWithKcat(product, adjust(product, 1, "kcat-take"), Map.of(ReplyHeaders.CORRELATION_ID, "kcat-take"));
        UpdateResult again = awaitResult("kcat-create");
        UpdateResult taken = awaitResult("kcat-take");
        stack.send(product, adjust(product, 2, "java-take"), "java-take");

        // then the create is a replay of the first outcome, and the updates continue the one sequence
        assertThat(again.replayed()).as(again.toString()).isTrue();
        assertThat(again.newVersion()).contains(1L);
        assertThat(taken.newVersion()).as(taken.toString()).contains(2L);
        assertThat(awaitResult("java-take").newVersion()).contains(3L);
        List<Long> versions = stack.states().stream()
                .filter(r -> r.value().productId().equals(product))
                .map(r -> r.value().version())
                .toList();
        assertThat(versions).containsExactly(1L, 2L, 3L);
        assertThat(stack.metric("forwarded-wrong-partition-total")).isGreaterThanOrEqualTo(forwardedBefore + 2);
    }

    @Test
    @DisplayName(
            "a forwarded request found on a wrong partition again is dead-lettered WRONG_PARTITION, never decided there")
    void forwardedTwiceIsDeadLettered() {
        // given a request on a partition its key does not belong to, already marked as forwarded
        String product = "SKU-TWICE";
        int wrong = (BoundaryStack.murmur2Partition(product) + 1) % BoundaryStack.PARTITIONS;
        stack.send(
                Optional.of(wrong),
                product,
                create(product, "twice").getBytes(StandardCharsets.UTF_8),
                Map.of(
                        ReplyHeaders.CORRELATION_ID,
                        "twice".getBytes(StandardCharsets.UTF_8),
                        ReplyHeaders.FORWARDED_FROM,
                        "0@0".getBytes(StandardCharsets.UTF_8)));

        // then it is refused and dead-lettered, and no state is written for the product
        UpdateResult result = awaitResult("twice");
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).startsWith("WRONG_PARTITION"));
        assertThat(awaitDeadLetter(DeadLetterReason.WRONG_PARTITION, "twice").partition())
                .isEqualTo(wrong);
        assertThat(stack.states()).noneMatch(r -> r.value().productId().equals(product));
    }

    @Test
    @DisplayName(
            "a reply topic that does not exist costs that reply only: the request is decided and later replies flow")
    void missingReplyTopicCostsOnlyThatReply() throws Exception {
        // given a request whose reply topic (under the prefix) does not exist
        String missing = stack.topics.replyPrefix() + "never-created";
        stack.send(
                Optional.empty(),
                "SKU-NOREPLY",
                create("SKU-NOREPLY", "no-reply").getBytes(StandardCharsets.UTF_8),
                Map.of(
                        ReplyHeaders.CORRELATION_ID,
                        "no-reply".getBytes(StandardCharsets.UTF_8),
                        ReplyHeaders.REPLY_TOPIC,
                        missing.getBytes(StandardCharsets.UTF_8)));

        // when a request of every partition follows, with a reply topic that exists
        for (int i = 0; i < 12; i++) {
            stack.send(
                    Optional.empty(),
                    "SKU-AFTER-" + i,
                    create("SKU-AFTER-" + i, "after").getBytes(StandardCharsets.UTF_8),
                    Map.of(
                            ReplyHeaders.CORRELATION_ID,
                            ("after-" + i).getBytes(StandardCharsets.UTF_8),
                            ReplyHeaders.REPLY_TOPIC,
                            stack.replyTopic.getBytes(StandardCharsets.UTF_8)));
        }

        // then the first is decided (its result is on the results topic), every later one is answered on
        // its reply topic, and the missing topic was neither written nor created
        assertThat(awaitResult("no-reply").code()).isEqualTo(ResultCode.APPLIED);
        await().atMost(DECIDED_WITHIN)
                .until(() -> stack.replies().stream()
                                .filter(r ->
                                        r.value().correlationId().orElse("").startsWith("after-"))
                                .count()
                        == 12);
        assertThat(stack.metric("reply-skipped-total")).isGreaterThanOrEqualTo(1);
        try (Admin admin = stack.kafka.admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(missing);
        }
    }

    @Test
    @DisplayName(
            "headers of control characters up to the broker's record limit are dead-lettered in bounded form, and the stream goes on")
    void hugeHeadersAreSummarised() {
        // given an unparseable request carrying three headers of ~330 KB of control characters (~1 MB in all)
        byte[] control = new byte[330_000];
        Arrays.fill(control, (byte) 1);
        stack.send(
                Optional.empty(),
                "SKU-HEADERS",
                "not json".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        ReplyHeaders.CORRELATION_ID,
                        "huge-headers".getBytes(StandardCharsets.UTF_8),
                        "h1",
                        control,
                        "h2",
                        control,
                        "h3",
                        control));
        stack.send("SKU-HEADERS", create("SKU-HEADERS", "after-headers"), "after-headers");

        // then its dead letter is written, far below the limit, and the next request is decided
        DeadLetter dead = awaitDeadLetter(DeadLetterReason.UNPARSEABLE, "huge-headers");
        assertThat(dead.headers().get("h1")).hasSizeLessThan(400);
        assertThat(stack.deadLetterSizes()).allMatch(size -> size < 64 * 1024);
        assertThat(awaitResult("after-headers").code()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    @DisplayName(
            "a key of 900 KB is cut in the dead letter and in the KEY_MISMATCH message; the result is keyed by productId")
    void hugeKeyIsCut() {
        // given a valid request whose record key is 900,000 characters
        String key = "K".repeat(900_000);
        stack.send(
                Optional.empty(),
                key,
                create("SKU-KEY", "huge-key").getBytes(StandardCharsets.UTF_8),
                correlation("huge-key"));

        // then it is refused KEY_MISMATCH with a bounded message, and its outputs are small
        UpdateResult result = awaitResult("huge-key");
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error().orElseThrow()).startsWith("KEY_MISMATCH").hasSizeLessThan(1_200);
        ConsumerRecord<String, UpdateResult> record = stack.results().stream()
                .filter(r -> r.value().correlationId().equals(Optional.of("huge-key")))
                .findFirst()
                .orElseThrow();
        assertThat(record.key()).isEqualTo("SKU-KEY");
        assertThat(awaitDeadLetter(DeadLetterReason.KEY_MISMATCH, "huge-key")
                        .key()
                        .orElseThrow())
                .hasSizeLessThan(300);
    }

    @Test
    @DisplayName("a reply-partition header of 900 KB is refused INVALID_HEADER with the value cut in the error")
    void hugeReplyPartitionIsCut() {
        // given a valid request with a reply-partition header of 900,000 digits
        stack.send(
                Optional.empty(),
                "SKU-PART",
                create("SKU-PART", "huge-partition").getBytes(StandardCharsets.UTF_8),
                Map.of(
                        ReplyHeaders.CORRELATION_ID,
                        "huge-partition".getBytes(StandardCharsets.UTF_8),
                        ReplyHeaders.REPLY_TOPIC,
                        stack.replyTopic.getBytes(StandardCharsets.UTF_8),
                        ReplyHeaders.REPLY_PARTITION,
                        "9".repeat(900_000).getBytes(StandardCharsets.UTF_8)));

        // then the refusal is answered, and its error is bounded
        UpdateResult result = awaitResult("huge-partition");
        assertThat(result.error().orElseThrow()).startsWith("INVALID_HEADER").hasSizeLessThan(1_200);
        await().atMost(DECIDED_WITHIN)
                .until(() -> stack.replies().stream()
                        .anyMatch(r -> r.value().correlationId().equals(Optional.of("huge-partition"))));
        assertThat(stack.states())
                .map(ConsumerRecord::value)
                .map(InventoryRecord::productId)
                .doesNotContain("SKU-PART");
    }
}
