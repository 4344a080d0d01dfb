package dev.versioned.processor.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stream thread's uncaught failure costs. The thread is replaced (under exactly-once its tasks resume
 * from the last commit), unless {@link #MAX_REPLACEMENTS} threads were already replaced within
 * {@link #WINDOW}: a replacement then only meets the same failure again (a record that fails the same way on
 * every try would loop for ever), so the client shuts down instead, and the process exits where a supervisor
 * and the alerts see it. Every failure is logged at ERROR with the record it was about, when Kafka Streams
 * handed it to the processing exception handler ({@link FailedRecords}); every replacement is counted in
 * {@value #REPLACEMENTS} ({@code inventory_processor_thread_replacements_total}).
 */
public final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {

    /** Replacements allowed within {@link #WINDOW}; the next failure in the window shuts the client down. */
    public static final int MAX_REPLACEMENTS = 3;

    public static final Duration WINDOW = Duration.ofMinutes(10);
    public static final String REPLACEMENTS = "inventory.processor.thread.replacements";

    private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

    private final int maxReplacements;
    private final Duration window;
    private final LongSupplier nanoTime;
    private final FailedRecords failedRecords;
    private final Counter replacements;
    /** When each replacement within the window was made, oldest first. */
    private final Deque<Long> recent = new ArrayDeque<>();

    /** The product's policy: {@link #MAX_REPLACEMENTS} within {@link #WINDOW}, on the system's clock. */
    public ThreadReplacementPolicy(FailedRecords failedRecords, MeterRegistry registry) {
        this(MAX_REPLACEMENTS, WINDOW, System::nanoTime, failedRecords, registry);
    }

    ThreadReplacementPolicy(
            int maxReplacements,
            Duration window,
            LongSupplier nanoTime,
            FailedRecords failedRecords,
            MeterRegistry registry) {
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.nanoTime = nanoTime;
        this.failedRecords = failedRecords;
        this.replacements = Counter.builder(REPLACEMENTS)
                .description("Stream threads replaced after an uncaught failure")
                .register(registry);
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = nanoTime.getAsLong();
        while (!recent.isEmpty() && now - recent.peekFirst() >= window.toNanos()) {
            recent.removeFirst();
        }
        String record = failedRecords.describe(exception);
        if (recent.size() >= maxReplacements) {
            LOG.error(
                    "stream thread failed on {} after {} thread replacements within {}; shutting the client down",
                    record,
                    recent.size(),
                    window,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        replacements.increment();
        LOG.error(
                "stream thread failed on {}; replacing it (replacement {} of at most {} within {})",
                record,
                recent.size(),
                maxReplacements,
                window,
                exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
