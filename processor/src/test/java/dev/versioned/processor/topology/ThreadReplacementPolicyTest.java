package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ThreadReplacementPolicyTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final AtomicLong nanos = new AtomicLong();
    private final FailedRecords failedRecords = new FailedRecords();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ThreadReplacementPolicy policy =
            new ThreadReplacementPolicy(3, WINDOW, nanos::get, failedRecords, registry);
    private final Logger log = (Logger) LoggerFactory.getLogger(ThreadReplacementPolicy.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        log.detachAppender(logged);
    }

    private void after(Duration elapsed) {
        nanos.addAndGet(elapsed.toNanos());
    }

    /** What Kafka Streams ends a stream thread with when a processor threw for a record. */
    private StreamsException failureOnRecord(long offset, String key) {
        IllegalStateException thrown = new IllegalStateException("store unusable");
        failedRecords.remember(
                thrown,
                new FailedRecords.FailedRecord(
                        Optional.of("inventory.requests"),
                        2,
                        offset,
                        Optional.of(key),
                        "update-processor",
                        new TaskId(0, 2)));
        return new StreamsException("Exception caught in process. taskId=0_2", thrown);
    }

    private double replacements() {
        return registry.get(ThreadReplacementPolicy.REPLACEMENTS).counter().count();
    }

    @Test
    @DisplayName("a failed stream thread is replaced, and the replacement counted")
    void replacesAFailedThread() {
        // when a stream thread fails once
        StreamThreadExceptionResponse response = policy.handle(failureOnRecord(7, "SKU-1"));

        // then it is replaced, and counted
        assertThat(response).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(replacements()).isEqualTo(1);
    }

    @Test
    @DisplayName("the replacement counter exists at zero before any failure")
    void replacementCounterStartsAtZero() {
        assertThat(replacements()).isZero();
    }

    @Test
    @DisplayName("a failure after the maximum of replacements within the window shuts the client down")
    void shutsDownAfterTooManyReplacementsWithinTheWindow() {
        // given three replacements within the window
        for (int i = 0; i < 3; i++) {
            assertThat(policy.handle(failureOnRecord(7, "SKU-1")))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            after(Duration.ofMinutes(2));
        }

        // when the thread fails again within the window
        StreamThreadExceptionResponse response = policy.handle(failureOnRecord(7, "SKU-1"));

        // then the client shuts down, and the shutdown is not counted as a replacement
        assertThat(response).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(replacements()).isEqualTo(3);
    }

    @Test
    @DisplayName("failures spread out wider than the window are each replaced")
    void replacesFailuresSpreadOutOverTime() {
        // given failures 4 minutes apart: never more than 2 earlier replacements within 10 minutes
        for (int i = 0; i < 10; i++) {
            // then every one is replaced
            assertThat(policy.handle(failureOnRecord(i, "SKU-" + i)))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            after(Duration.ofMinutes(4));
        }
        assertThat(replacements()).isEqualTo(10);
    }

    @Test
    @DisplayName("shutting down is logged at ERROR with the topic, partition, offset and key of the record")
    void shutdownNamesTheRecord() {
        // given three replacements for the same record
        for (int i = 0; i < 3; i++) {
            policy.handle(failureOnRecord(41, "SKU-poison"));
        }

        // when it fails once more
        policy.handle(failureOnRecord(41, "SKU-poison"));

        // then the last line says the client shuts down, and which record failed
        ILoggingEvent last = logged.list.get(logged.list.size() - 1);
        assertThat(last.getLevel()).isEqualTo(Level.ERROR);
        assertThat(last.getFormattedMessage())
                .contains("shutting the client down")
                .contains("inventory.requests-2@41 key 'SKU-poison' (task 0_2, processor update-processor)");
    }

    @Test
    @DisplayName("a failure no processor reported is described by the task Kafka Streams names")
    void unidentifiedRecordIsDescribedByItsTask() {
        // given a failure that did not go through the processing exception handler
        StreamsException failure = new StreamsException(new IllegalStateException("commit failed"), new TaskId(1, 3));

        // when it is described
        String described = failedRecords.describe(failure);

        // then the task is named
        assertThat(described).isEqualTo("an unidentified record of task 1_3");
    }
}
