package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

    private static final RetryBudget.Source POISON = new RetryBudget.Source("requests", 4, 1);
    private static final RetryBudget.Source NEXT = new RetryBudget.Source("requests", 4, 0);

    private final RetryBudget budget = new RetryBudget();

    @Test
    @DisplayName("each new failure of a record counts one more try")
    void newFailuresCount() {
        // given three tries of one record, each failing anew
        for (int i = 0; i < 3; i++) {
            assertThat(budget.failed(POISON, new RecordTooLargeException("try " + i)))
                    .isTrue();
        }

        // then the record has used its budget
        assertThat(budget.failures(POISON))
                .hasValueSatisfying(f -> assertThat(f.count()).isEqualTo(RetryBudget.MAX_TRIES));
    }

    @Test
    @DisplayName("a send refused at once, seen by the production handler and then by the processor, counts once")
    void oneFailureSeenTwiceCountsOnce() {
        // given a send failure reported to the production exception handler
        RecordTooLargeException refused = new RecordTooLargeException("too large");
        budget.failed(POISON, refused);

        // when Kafka Streams throws it again, wrapped, while the same record is processed
        boolean counted = budget.failed(POISON, new StreamsException("send failed", refused));

        // then it is one try
        assertThat(counted).isFalse();
        assertThat(budget.failures(POISON))
                .hasValueSatisfying(f -> assertThat(f.count()).isEqualTo(1));
    }

    @Test
    @DisplayName(
            "a record's failure that surfaces at another record's send, even in the next try, is not counted against that record")
    void leftoverFailureIsNotChargedToTheNextRecord() {
        // given a failure counted against the record it was made for
        RecordTooLargeException refused = new RecordTooLargeException("too large");
        budget.failed(POISON, refused);

        // when Kafka Streams throws it at the first send of another record
        boolean counted = budget.failed(NEXT, new StreamsException("an earlier send failed", refused));

        // then that record has no failure
        assertThat(counted).isFalse();
        assertThat(budget.failures(NEXT)).isEmpty();
    }

    @Test
    @DisplayName("an aborted transaction's failed batches are not counted against the record being processed")
    void abortedTransactionIsNotAboutTheRecord() {
        // when the producer fails an aborted transaction's batch
        boolean counted =
                budget.failed(NEXT, new KafkaException("batch failed", new TransactionAbortedException("aborted")));

        // then no record is charged with it, and Kafka Streams is not asked to recover from it by itself
        assertThat(counted).isFalse();
        assertThat(budget.failures(NEXT)).isEmpty();
        assertThat(RetryBudget.recoveredByStreams(new TransactionAbortedException("aborted")))
                .isFalse();
    }

    @Test
    @DisplayName("a retriable failure (a timeout) is left to Kafka Streams and not counted")
    void retriableIsRecoveredByStreams() {
        TimeoutException timeout = new TimeoutException("broker slow");

        assertThat(RetryBudget.recoveredByStreams(new StreamsException(timeout)))
                .isTrue();
        assertThat(budget.failed(POISON, timeout)).isFalse();
        assertThat(budget.failures(POISON)).isEmpty();
    }
}
