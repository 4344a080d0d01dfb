package dev.versioned.processor.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortedException;
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
 * ({@code PROCESSING_FAILED}). Each failure counts once, against the first record it is reported for: Kafka
 * Streams keeps a failed send to throw it at the next send, which may be another record's, even in the next
 * try. A failure that is not about one record (the broker unreachable, a fenced producer, an aborted
 * transaction, a state store failing) is not counted: Kafka Streams recovers from those as usual. The counts live in this instance's memory, shared by its stream threads (a
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

    /** Failures Kafka Streams recovers from by itself, none of them about one record. */
    private static final Set<Class<? extends Exception>> RECOVERED_BY_STREAMS = Set.of(
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

    /** Failures of a whole transaction, never of one record. */
    private static final Set<Class<? extends Exception>> ABOUT_THE_TRANSACTION =
            Set.of(TransactionAbortedException.class);

    /** How many times a record failed, and the last failure's description. */
    public record Failures(int count, String last) {}

    private final Map<Source, Failures> counted = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Source, Failures> eldest) {
            return size() > TRACKED;
        }
    };

    /**
     * Root causes already counted, by identity, held weakly. A failed send reaches the production exception
     * handler with the record it was made for, and is kept by Kafka Streams to be thrown at the next send, which
     * may be the next record's, even one of the next try: counted once, it is not counted again against the
     * record it surfaces in.
     */
    private final Set<Throwable> countedRoots = Collections.newSetFromMap(new WeakHashMap<>());

    /**
     * Counts a failure of this record, unless the failure is not about the record (see the class) or was
     * counted already, against this record or another.
     *
     * @return whether it was counted against this record
     */
    public synchronized boolean failed(Source source, Throwable cause) {
        if (!aboutTheRecord(cause) || !countedRoots.add(root(cause))) {
            return false;
        }
        Failures before = counted.get(source);
        int count = before == null ? 1 : before.count() + 1;
        counted.put(source, new Failures(count, OutputLimits.message(describe(cause))));
        return true;
    }

    public synchronized Optional<Failures> failures(Source source) {
        return Optional.ofNullable(counted.get(source));
    }

    /** The instance handed over in the Streams configuration, or a fresh one (tests without it). */
    static RetryBudget from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof RetryBudget budget ? budget : new RetryBudget();
    }

    /** Whether Kafka Streams recovers from this failure by itself: the processor lets it through as it is. */
    static boolean recoveredByStreams(Throwable cause) {
        return inChain(cause, RECOVERED_BY_STREAMS);
    }

    /**
     * Whether the failure can be about one record: not one Kafka Streams recovers from, and not the abort of a
     * transaction (the producer fails every unsent batch of an aborted transaction with it, whichever record
     * Kafka Streams is processing when the callback runs).
     */
    static boolean aboutTheRecord(Throwable cause) {
        return !recoveredByStreams(cause) && !inChain(cause, ABOUT_THE_TRANSACTION);
    }

    private static boolean inChain(Throwable cause, Set<Class<? extends Exception>> types) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Throwable current = t;
            if (types.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
        }
        return false;
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
