package dev.versioned.processor.topology;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.TaskCorruptedException;
import org.apache.kafka.streams.errors.TaskMigratedException;

/**
 * How often each input record has failed, so that one record that fails every time is given up on
 * instead of failing its stream thread forever.
 *
 * <p>Under exactly-once a failure aborts the transaction and the record is read again: without a
 * budget, a record whose processing or output fails deterministically would stop its partitions for
 * good. The processor counts an exception thrown while it handles a record (a send that fails at once,
 * such as a record over the producer's {@code max.request.size}, included), and the production exception
 * handler ({@link ReplyDeliveryHandler}) counts a send that fails later against the record being
 * processed; the processor, reading the record again, gives up after {@link #MAX_TRIES}
 * ({@code PROCESSING_FAILED}). A failure that is not about one record (the
 * broker unreachable, a fenced producer, a state store failing) is not counted: Kafka Streams recovers
 * from those as usual. The counts live in this instance's memory, shared by its stream threads (a
 * replaced thread sees them); a restart starts them again, so a record is tried at most
 * {@link #MAX_TRIES} more times per start.
 */
public final class RetryBudget {

    /** Streams config key carrying the instance to the production exception handler. */
    public static final String CONFIG = "inventory.retry.budget";
    /** Failed tries after which a record is dead-lettered {@code PROCESSING_FAILED} instead of decided. */
    public static final int MAX_TRIES = 3;
    /** Records remembered at most; the oldest are forgotten first (a record is usually retried at once). */
    private static final int TRACKED = 10_000;

    private static final Set<Class<? extends Exception>> NOT_ABOUT_THE_RECORD = Set.of(
            RetriableException.class,
            TaskMigratedException.class,
            TaskCorruptedException.class,
            ProcessorStateException.class);

    /** One record of an input topic. */
    public record Source(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** How many times a record failed, and the last failure's description. */
    public record Failures(int count, String last) {}

    /**
     * A record's failures and the root cause counted last: a send refused at once reaches both the production
     * exception handler and the processor (as the exception the send threw), and counts once.
     */
    private record Counted(Failures failures, Throwable root) {}

    private final Map<Source, Counted> counted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Source, Counted> eldest) {
            return size() > TRACKED;
        }
    };

    /** Counts a failure of this record, unless the failure is not about the record (see the class). */
    public synchronized void failed(Source source, Throwable cause) {
        Counted before = counted.get(source);
        if (!aboutTheRecord(cause) || (before != null && before.root() == root(cause))) {
            return;
        }
        int count = before == null ? 1 : before.failures().count() + 1;
        counted.put(source, new Counted(new Failures(count, OutputLimits.message(describe(cause))), root(cause)));
    }

    public synchronized Optional<Failures> failures(Source source) {
        return Optional.ofNullable(counted.get(source)).map(Counted::failures);
    }

    /** The instance handed over in the Streams configuration, or a fresh one (tests without it). */
    static RetryBudget from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof RetryBudget budget ? budget : new RetryBudget();
    }

    static boolean aboutTheRecord(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            Throwable current = t;
            if (NOT_ABOUT_THE_RECORD.stream().anyMatch(type -> type.isInstance(current))) {
                return false;
            }
        }
        return true;
    }

    private static Throwable root(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String describe(Throwable cause) {
        Throwable root = root(cause);
        return root == cause ? cause.toString() : cause.getClass().getSimpleName() + " caused by " + root;
    }
}
