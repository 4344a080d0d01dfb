package dev.versioned.processor.topology;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Which input record each processing failure was about, so that a stream thread that dies of one can be
 * reported with the record that killed it. Kafka Streams hands a failure thrown by a processor to the
 * processing exception handler ({@link ProcessingFailureHandler}) together with the record, then ends the
 * stream thread with a {@link StreamsException} whose cause is that same exception; {@link #describe} walks
 * the chain back to it. The failures are held weakly: one is forgotten once nothing refers to it any more.
 */
public final class FailedRecords {

    /** Streams config key carrying the instance to the processing exception handler. */
    public static final String CONFIG = "inventory.failed.records";

    /**
     * A record that a processor failed on.
     *
     * @param topic     its topic; empty for a failure of a punctuation, which has no record
     * @param key       its key as the failing processor saw it, when it had one
     * @param processor the node that failed
     */
    public record FailedRecord(
            Optional<String> topic, int partition, long offset, Optional<String> key, String processor, TaskId task) {

        @Override
        public String toString() {
            String where = topic.map(t -> t + "-" + partition + "@" + offset).orElse("a punctuation");
            return where
                    + key.map(k -> " key " + OutputLimits.quoted(k)).orElse("")
                    + " (task " + task + ", processor " + processor + ")";
        }
    }

    private final Map<Throwable, FailedRecord> byFailure = Collections.synchronizedMap(new WeakHashMap<>());

    void remember(Throwable failure, FailedRecord record) {
        byFailure.put(failure, record);
    }

    /** The record this exception, or one of its causes, was thrown for. */
    public Optional<FailedRecord> find(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            FailedRecord record = byFailure.get(t);
            if (record != null) {
                return Optional.of(record);
            }
        }
        return Optional.empty();
    }

    /** The record the failure was about, else the task Kafka Streams names in the chain, else that none is known. */
    public String describe(Throwable exception) {
        Optional<FailedRecord> record = find(exception);
        if (record.isPresent()) {
            return record.get().toString();
        }
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamsException streams && streams.taskId().isPresent()) {
                return "an unidentified record of task " + streams.taskId().get();
            }
        }
        return "no identified record";
    }

    /** The instance handed over in the Streams configuration, or a fresh one (tests without it). */
    static FailedRecords from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof FailedRecords records ? records : new FailedRecords();
    }
}
