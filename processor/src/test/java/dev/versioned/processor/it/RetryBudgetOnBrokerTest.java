package dev.versioned.processor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record whose outputs fail to send every time is given up on after a bounded number of tries, and the
 * stream goes on. The failure here is real: the processor's producer may send at most 8 KiB per request,
 * and the dead letter of a 15 KB unparseable payload is larger. Without the retry budget, the stream
 * thread would fail, be replaced, read the record again and fail again, for ever.
 */
class RetryBudgetOnBrokerTest {

    @TempDir
    Path stateDir;

    @Test
    @DisplayName(
            "a record whose dead letter can never be sent is dead-lettered PROCESSING_FAILED after bounded tries; the requests around it are decided exactly once")
    void repeatedFailureIsContained() {
        try (BoundaryStack stack = new BoundaryStack(
                TestKafka.shared(),
                stateDir,
                settings -> settings.withKafka(StreamsConfig.producerPrefix("max.request.size"), "8192"))) {
            // given a valid request, one whose dead letter exceeds the producer's limit, and another valid one,
            // all of one product (one partition, one task)
            String product = "SKU-BUDGET";
            stack.send(
                    product,
                    "{\"storeId\":\"store-1\",\"productId\":\"" + product
                            + "\",\"quantity\":5,\"version\":0,\"idempotencyKey\":\"before\"}",
                    "before");
            stack.send(
                    Optional.empty(),
                    product,
                    ("x".repeat(15_000)).getBytes(StandardCharsets.UTF_8),
                    Map.of(ReplyHeaders.CORRELATION_ID, "poison".getBytes(StandardCharsets.UTF_8)));
            stack.send(
                    product,
                    "{\"storeId\":\"store-1\",\"productId\":\"" + product
                            + "\",\"delta\":1,\"version\":1,\"idempotencyKey\":\"after\"}",
                    "after");

            // then the poison is dead-lettered PROCESSING_FAILED, as a pointer to its offset, and refused
            // The failing stream thread's exception is expected; only the outcome is awaited.
            await().dontCatchUncaughtExceptions()
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> !stack.resultsFor("after").isEmpty());
            List<DeadLetter> dead =
                    stack.deadLetters().stream().map(ConsumerRecord::value).toList();
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.reason()).isEqualTo(DeadLetterReason.PROCESSING_FAILED);
                assertThat(d.message()).contains("RecordTooLargeException");
                assertThat(d.payloadBytes()).isEqualTo(15_000);
                assertThat(d.payload()).isEmpty();
            });
            assertThat(stack.resultsFor("poison")).singleElement().satisfies(r -> {
                assertThat(r.code()).isEqualTo(ResultCode.INVALID_REQUEST);
                assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).startsWith("PROCESSING_FAILED"));
            });
            // and the requests around it are decided exactly once, in order
            assertThat(stack.resultsFor("before"))
                    .singleElement()
                    .extracting(UpdateResult::newVersion)
                    .isEqualTo(Optional.of(1L));
            assertThat(stack.resultsFor("after"))
                    .singleElement()
                    .extracting(UpdateResult::newVersion)
                    .isEqualTo(Optional.of(2L));
            assertThat(stack.metric("processing-failed-total")).isEqualTo(1.0);
        }
    }
}
