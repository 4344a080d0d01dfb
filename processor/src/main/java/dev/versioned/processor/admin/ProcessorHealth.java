package dev.versioned.processor.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.versioned.schemas.WireFormat;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Whether the processor is alive and whether it is ready, read from its Kafka Streams client.
 *
 * <ul>
 *   <li>Alive: the client has not failed (it is not in {@code PENDING_ERROR} or {@code ERROR}, and did not
 *       reach {@code NOT_RUNNING} after either) and at least one stream thread runs its loop.</li>
 *   <li>Ready: the client is {@code RUNNING} and no active task is restoring its stores from their
 *       changelogs. Kafka Streams restores on a state-updater thread while the client already reports
 *       {@code RUNNING}, so the restorations are followed with a {@link StateRestoreListener}.</li>
 * </ul>
 *
 * As meters: {@value #READY} (1 ready, 0 not) and {@value #ALIVE_STREAM_THREADS}.
 */
public final class ProcessorHealth implements MeterBinder {

    public static final String READY = "inventory.processor.ready";
    public static final String ALIVE_STREAM_THREADS = "inventory.processor.alive.stream.threads";

    /** Thread states in which a stream thread has started and is not shutting down. */
    private static final Set<String> RUNNING_THREAD_STATES =
            Set.of("STARTING", "PARTITIONS_REVOKED", "PARTITIONS_ASSIGNED", "RUNNING");

    /** Changelog partitions named in a readiness answer at most. */
    private static final int NAMED_PARTITIONS = 5;

    /**
     * One answer of a probe.
     *
     * @param reason why it is down; empty when up
     */
    public record Status(boolean up, KafkaStreams.State state, int aliveThreads, Optional<String> reason) {

        /** {@code {"status":"UP","state":"RUNNING","aliveThreads":1}}, with a {@code reason} when down. */
        public byte[] json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", up ? "UP" : "DOWN");
            body.put("state", state.name());
            body.put("aliveThreads", aliveThreads);
            reason.ifPresent(r -> body.put("reason", r));
            try {
                return WireFormat.mapper().writeValueAsBytes(body);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final KafkaStreams streams;
    /** Changelog partitions being restored, each with the thread restoring it. */
    private final Map<TopicPartition, Thread> restoring = new ConcurrentHashMap<>();

    private final List<StateRestoreListener> alsoNotified = new CopyOnWriteArrayList<>();
    private volatile boolean failed;

    public ProcessorHealth(KafkaStreams streams) {
        this.streams = streams;
    }

    /** To be installed as the client's global restore listener; it tells {@link #alsoNotify} listeners too. */
    public StateRestoreListener restoreListener() {
        return new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoring.put(partition, Thread.currentThread());
                alsoNotified.forEach(l -> l.onRestoreStart(partition, store, start, end));
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long end, long count) {
                alsoNotified.forEach(l -> l.onBatchRestored(partition, store, end, count));
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
                restoring.remove(partition);
                alsoNotified.forEach(l -> l.onRestoreEnd(partition, store, total));
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long total) {
                restoring.remove(partition);
                alsoNotified.forEach(l -> l.onRestoreSuspended(partition, store, total));
            }
        };
    }

    /** Kafka Streams takes one restore listener, which readiness needs: further ones are told through it. */
    public void alsoNotify(StateRestoreListener listener) {
        alsoNotified.add(listener);
    }

    /** To be called from the client's state listener. */
    public void stateChanged(KafkaStreams.State now) {
        if (now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.ERROR) {
            failed = true;
        }
    }

    /** Whether the client has failed: it is, or went through, {@code PENDING_ERROR} or {@code ERROR}. */
    public boolean failed() {
        return failed;
    }

    /** Stream threads that have started and are not shutting down. */
    public int aliveThreads() {
        return (int) streams.metadataForLocalThreads().stream()
                .filter(thread -> RUNNING_THREAD_STATES.contains(thread.threadState()))
                .count();
    }

    public Status liveness() {
        KafkaStreams.State state = streams.state();
        int alive = aliveThreads();
        if (failed || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.ERROR) {
            return new Status(false, state, alive, Optional.of("the client failed"));
        }
        if (alive == 0) {
            return new Status(false, state, alive, Optional.of("no stream thread is running"));
        }
        return new Status(true, state, alive, Optional.empty());
    }

    public Status readiness() {
        KafkaStreams.State state = streams.state();
        int alive = aliveThreads();
        if (state != KafkaStreams.State.RUNNING) {
            return new Status(false, state, alive, Optional.of("the client is " + state + ", not RUNNING"));
        }
        // A restoration whose thread has ended is over: a thread that dies while restoring does not say so.
        restoring.values().removeIf(thread -> !thread.isAlive());
        if (!restoring.isEmpty()) {
            String named = restoring.keySet().stream()
                    .map(TopicPartition::toString)
                    .sorted()
                    .limit(NAMED_PARTITIONS)
                    .collect(Collectors.joining(", "));
            return new Status(
                    false,
                    state,
                    alive,
                    Optional.of("restoring " + restoring.size() + " changelog partition(s): " + named
                            + (restoring.size() > NAMED_PARTITIONS ? ", ..." : "")));
        }
        return new Status(true, state, alive, Optional.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(READY, this, health -> health.readiness().up() ? 1 : 0)
                .description("1 when the processor is ready (RUNNING, nothing restoring), else 0")
                .strongReference(true)
                .register(registry);
        Gauge.builder(ALIVE_STREAM_THREADS, this, ProcessorHealth::aliveThreads)
                .description("Stream threads that have started and are not shutting down")
                .strongReference(true)
                .register(registry);
    }
}
