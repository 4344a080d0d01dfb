package dev.versioned.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.Change;
import dev.versioned.client.Document;
import dev.versioned.client.Invalid;
import dev.versioned.client.KafkaInventory;
import dev.versioned.client.RetryPolicy;
import dev.versioned.client.kafka.RequestReplyListener;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Kafka-direct client makes the gateway's checks before it sends, on the real broker and processor: a document
 * or merge patch over the size limit, a document id, an update or a transfer that breaks the wire contract are
 * refused at once with {@link Invalid}, as the gateway refuses them. Sent, the processor could refuse them only
 * without naming the request (a size beyond what it reads, a field it does not echo): its reply would be taken for a
 * forged one and the call would end, at its deadline, as an unknown outcome.
 */
class KafkaSendChecksTest extends OnDefaultStack {

    private final AtomicInteger replies = new AtomicInteger();
    private final AtomicInteger rejectedReplies = new AtomicInteger();
    private KafkaInventory inventory;

    @BeforeEach
    void startClient() throws Exception {
        inventory = client(KafkaInventory.builder());
    }

    @AfterEach
    void stopClient() {
        inventory.close();
    }

    @Test
    @DisplayName(
            "given a document of 100000 bytes, when creating it over Kafka, then Invalid 413 PAYLOAD_TOO_LARGE at once, nothing sent")
    void givenOversizedDocument_whenCreating_thenRefusedBeforeSending() {
        // larger than the processor reads as a document request (the limit and its envelope): sent, it would be
        // refused as an oversized request of no kind, and that reply taken for a forged one
        ObjectNode large = customer(100_000);

        assertThatThrownBy(() -> inventory.documents().create("customers", id(), large, "large-" + id()))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("PAYLOAD_TOO_LARGE");
                    assertThat(e.getMessage()).contains("65536");
                });
        assertNothingAnswered();
    }

    @Test
    @DisplayName(
            "given a merge patch just over the limit, when patching over Kafka, then Invalid 413 at once, as the gateway answers")
    void givenOversizedPatch_whenPatching_thenRefusedBeforeSending() {
        // given a customer
        String id = id();
        Document created = inventory.documents().create("customers", id, customer(100), "create-" + id);
        replies.set(0);
        // when
        assertThatThrownBy(() -> inventory
                        .documents()
                        .patch(
                                "customers",
                                id,
                                customer(DocumentRequest.DEFAULT_MAX_DOCUMENT_BYTES),
                                created.version(),
                                "patch-" + id))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(413));
        // then
        assertNothingAnswered();
        assertThat(inventory.documents().read("customers", id))
                .hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(created.version()));
    }

    @Test
    @DisplayName(
            "given a client limited to 2048 bytes, when creating 3000 bytes, then Invalid naming 2048; 1500 bytes are created")
    void givenConfiguredLimit_whenCreating_thenThatLimitApplies() throws Exception {
        try (KafkaInventory limited = client(KafkaInventory.builder().maxDocumentBytes(2048))) {
            assertThatThrownBy(() -> limited.documents().create("customers", id(), customer(3000), "c-" + id()))
                    .isInstanceOfSatisfying(
                            Invalid.class, e -> assertThat(e.getMessage()).contains("2048"));

            Document created = limited.documents().create("customers", id(), customer(1500), "c-" + id());

            assertThat(created.version()).isEqualTo(1L);
        }
    }

    @Test
    @DisplayName(
            "given a document id of 129 characters, when creating it over Kafka, then Invalid 400 at once, nothing sent")
    void givenIdTooLong_whenCreating_thenRefusedBeforeSending() {
        String id = "c".repeat(129);

        assertThatThrownBy(() -> inventory.documents().create("customers", id, customer(100), "long-id"))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                });
        assertNothingAnswered();
    }

    @Test
    @DisplayName(
            "given a productId of 129 characters, when updating over Kafka, then Invalid 400 at once, nothing sent")
    void givenProductIdTooLong_whenUpdating_thenRefusedBeforeSending() {
        String product = "P".repeat(129);

        assertThatThrownBy(() -> inventory.update("store-1", product, (q, v) -> Change.delta(1)))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
        assertNothingAnswered();
    }

    @Test
    @DisplayName("given a transfer naming one store twice, when sending it over Kafka, then Invalid 400 at once")
    void givenStoreTwice_whenTransferring_thenRefusedBeforeSending() {
        TransferRequest twice = TransferRequest.of(
                "T-TWICE",
                "twice-" + id(),
                List.of(TransferRequest.Item.adjust("store-1", -1, 1), TransferRequest.Item.adjust("store-1", 1, 1)));

        assertThatThrownBy(() -> inventory.transfer(twice))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
        assertNothingAnswered();
    }

    @Test
    @DisplayName(
            "given a transfer larger than the processor reads (16384 bytes), when sending it over Kafka, then Invalid 400 at once")
    void givenOversizedTransfer_whenTransferring_thenRefusedBeforeSending() {
        // 100 items (the most a transfer has) of stores with ids of 128 characters and large numbers: about 18 KB
        List<TransferRequest.Item> items = IntStream.range(0, TransferRequest.MAX_ITEMS)
                .mapToObj(i -> TransferRequest.Item.adjust(
                        String.format("%03d", i) + "s".repeat(125), 1_000_000, 1_000_000_000L))
                .toList();
        TransferRequest large = TransferRequest.of("T-LARGE", "large-" + id(), items);

        assertThatThrownBy(() -> inventory.transfer(large))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.getMessage()).contains("16384"));
        assertNothingAnswered();
    }

    private KafkaInventory client(KafkaInventory.Builder builder) throws Exception {
        return builder.bootstrapServers(stack.bootstrapServers())
                .instanceId("it-checks-" + UUID.randomUUID().toString().substring(0, 8))
                // short, so that a request sent after all fails in seconds rather than at the default 30 s
                .requestTimeout(Duration.ofSeconds(2))
                .retryPolicy(
                        RetryPolicy.builder().deadline(Duration.ofSeconds(5)).build())
                .listener(new RequestReplyListener() {
                    @Override
                    public void roundTrip(long nanos) {
                        replies.incrementAndGet();
                    }

                    @Override
                    public void rejectedReply() {
                        rejectedReplies.incrementAndGet();
                    }
                })
                .start();
    }

    /** No reply came, taken or rejected as forged: nothing was sent. */
    private void assertNothingAnswered() {
        assertThat(replies).hasValue(0);
        assertThat(rejectedReplies).hasValue(0);
    }

    private static String id() {
        return "c-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A customer (or a merge patch of one) of {@code bytes} + 7 bytes as compact JSON. */
    private static ObjectNode customer(int bytes) {
        return WireFormat.mapper().createObjectNode().put("name", "Grace").put("notes", "n".repeat(bytes - 20));
    }
}
