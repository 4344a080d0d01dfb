package dev.versioned.processor.topology;

import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.processor.store.IdempotencyStore;
import dev.versioned.processor.store.StreamStore;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ReplyHeaders;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.WireSerdes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Decides an append to a stream with the guarantees of every other write: one writer per stream (the requests
 * topic is keyed by stream), the expected version checked against the stream's head and the events written in the
 * partition's one thread, the outcome recorded under the idempotency key and replayed to a retry, and every event
 * committed together with the head and the outcome under exactly-once.
 *
 * <p>In order: a key already used for this stream replays its first outcome (or, with another append, is refused
 * {@code IDEMPOTENCY_KEY_REUSED}); an event id the stream already has makes the append a replay of the append that
 * wrote it when it carries exactly that append's events, else a refusal {@code EVENT_ID_REUSED}; an expected version
 * the stream does not have is refused {@code STREAM_VERSION_CONFLICT} with the stream's version and last event;
 * otherwise the events get the positions after the stream's last one.
 *
 * <p>Outputs: each appended {@link StreamEvent} to the events topic (key = stream), and the {@link StreamResult}
 * to the request's reply address with the header {@link ReplyHeaders#RESULT_TYPE} {@value ReplyHeaders#STREAM_RESULT}.
 * Appends have no results topic of their own: the events topic is their log, and a refusal changes nothing.
 */
final class StreamDecider {

    private static final byte[] STREAM_RESULT_TYPE = ReplyHeaders.STREAM_RESULT.getBytes(StandardCharsets.UTF_8);

    private final UpdateProcessor processor;
    private final ProcessorContext<String, Object> context;
    private final StreamStore store;
    private final Optional<IdempotencyStore> idempotency;
    private final ProcessorMetrics metrics;

    StreamDecider(
            UpdateProcessor processor,
            ProcessorContext<String, Object> context,
            StreamStore store,
            Optional<IdempotencyStore> idempotency,
            ProcessorMetrics metrics) {
        this.processor = processor;
        this.context = context;
        this.store = store;
        this.idempotency = idempotency;
        this.metrics = metrics;
    }

    /** Decides a valid append within the configured limits. */
    void decide(Record<String, byte[]> record, RequestHeaders headers, StreamAppend append, Instant now) {
        Optional<String> correlationId = headers.correlationId();
        String stream = append.stream();
        Optional<StreamStore.Head> head = store.load(stream);
        List<String> eventIds = append.eventIds();
        Fingerprint.AppendFingerprints fingerprints = Fingerprint.ofAppend(append, eventIds);
        String fingerprint = fingerprints.request();
        Optional<IdempotencyStore.AppendEntry> seen =
                idempotency.flatMap(s -> s.findAppend(stream, append.idempotencyKey(), now));
        if (seen.isPresent()) {
            StreamResult answer = seen.get().fingerprint().equals(fingerprint)
                    ? seen.get().result().asReplayFor(correlationId)
                    : refusal(
                            append,
                            correlationId,
                            head,
                            ResultCode.IDEMPOTENCY_KEY_REUSED,
                            "idempotency key '" + append.idempotencyKey() + "' was used for another append to stream '"
                                    + stream + "'; its first outcome is firstOutcome",
                            Optional.of(seen.get().result()),
                            now);
            publish(record, headers, stream, answer, WireSerdes.STREAM_RESULT.toBytes(answer));
            return;
        }
        String eventsFingerprint = fingerprints.events();
        Optional<StreamResult> byEventId =
                decidedByEventId(append, eventIds, eventsFingerprint, correlationId, head, now);
        if (byEventId.isPresent()) {
            StreamResult answer = byEventId.get();
            byte[] json = WireSerdes.STREAM_RESULT.toBytes(answer);
            if (!answer.replayed()) {
                record(append, eventIds, fingerprint, eventsFingerprint, answer, json, now);
            }
            publish(record, headers, stream, answer, json);
            return;
        }
        Optional<Long> actual = head.map(StreamStore.Head::version);
        StreamResult result;
        if (!append.expected().admits(actual)) {
            result = refusal(
                    append,
                    correlationId,
                    head,
                    ResultCode.STREAM_VERSION_CONFLICT,
                    conflictMessage(append, actual),
                    Optional.empty(),
                    now);
        } else {
            result = write(record, append, eventIds, actual.map(v -> v + 1).orElse(0L), correlationId, now);
        }
        byte[] json = WireSerdes.STREAM_RESULT.toBytes(result);
        record(append, eventIds, fingerprint, eventsFingerprint, result, json, now);
        publish(record, headers, stream, result, json);
    }

    /** {@code Expected version 2, stream is at version 3}, in the wire's words for the other expectations. */
    static String conflictMessage(StreamAppend append, Optional<Long> actual) {
        return "Expected version " + append.expected().text() + ", "
                + actual.map(v -> "stream is at version " + v).orElse("stream does not exist");
    }

    /**
     * What the event ids of the append decide, when the stream already has one of them within the retention: a
     * replay of the append that wrote it, when this append carries exactly its events, else a refusal.
     */
    private Optional<StreamResult> decidedByEventId(
            StreamAppend append,
            List<String> eventIds,
            String eventsFingerprint,
            Optional<String> correlationId,
            Optional<StreamStore.Head> head,
            Instant now) {
        if (idempotency.isEmpty()) {
            return Optional.empty();
        }
        IdempotencyStore ids = idempotency.get();
        for (int i = 0; i < append.events().size(); i++) {
            if (append.events().get(i).id().isEmpty()) {
                continue;
            }
            String id = eventIds.get(i);
            Optional<String> writer = ids.findEventId(append.stream(), id, now);
            if (writer.isEmpty()) {
                continue;
            }
            Optional<IdempotencyStore.AppendEntry> first = ids.findAppend(append.stream(), writer.get(), now);
            if (first.isPresent() && first.get().eventsFingerprint().equals(eventsFingerprint)) {
                return Optional.of(first.get().result().asReplayFor(correlationId, append.idempotencyKey()));
            }
            String where = first.flatMap(entry -> entry.result().events())
                    .flatMap(events ->
                            events.stream().filter(e -> e.id().equals(id)).findFirst())
                    .map(e -> " at position " + e.position())
                    .orElse("");
            return Optional.of(refusal(
                    append,
                    correlationId,
                    head,
                    ResultCode.EVENT_ID_REUSED,
                    "events[" + i + "].id " + id + " is already in stream '" + append.stream() + "'" + where
                            + ", written by an append with other events",
                    Optional.empty(),
                    now));
        }
        return Optional.empty();
    }

    /** Writes the append's events from {@code firstPosition} on, and the stream's new head. */
    private StreamResult write(
            Record<String, byte[]> record,
            StreamAppend append,
            List<String> eventIds,
            long firstPosition,
            Optional<String> correlationId,
            Instant now) {
        List<StreamResult.Appended> appended = new ArrayList<>(append.events().size());
        byte[] last = null;
        for (int i = 0; i < append.events().size(); i++) {
            NewEvent event = append.events().get(i);
            String id = eventIds.get(i);
            long position = firstPosition + i;
            last = WireSerdes.STREAM_EVENT.toBytes(new StreamEvent(
                    append.stream(),
                    position,
                    id,
                    event.type(),
                    event.data(),
                    event.metadata(),
                    now,
                    Optional.empty()));
            context.forward(
                    new Record<String, Object>(append.stream(), last, record.timestamp(), new RecordHeaders()),
                    TopologyNames.STREAM_EVENTS_SINK);
            appended.add(new StreamResult.Appended(id, position));
        }
        store.put(append.stream(), new StreamStore.Head(firstPosition + appended.size() - 1, last));
        metrics.eventsAppended(appended.size());
        return StreamResult.appended(append, correlationId, firstPosition, appended, now);
    }

    private static StreamResult refusal(
            StreamAppend append,
            Optional<String> correlationId,
            Optional<StreamStore.Head> head,
            ResultCode code,
            String error,
            Optional<StreamResult> first,
            Instant now) {
        return StreamResult.refused(
                append,
                correlationId,
                code,
                error,
                head.map(StreamStore.Head::version),
                head.map(StreamStore.Head::lastEvent),
                first,
                now);
    }

    /**
     * Records a decided outcome under the append's key and, when it was applied, the ids its writer gave to its
     * events (a refused append wrote none of them).
     */
    private void record(
            StreamAppend append,
            List<String> eventIds,
            String fingerprint,
            String eventsFingerprint,
            StreamResult result,
            byte[] json,
            Instant now) {
        idempotency.ifPresent(ids -> {
            ids.recordAppend(append.stream(), append.idempotencyKey(), fingerprint, eventsFingerprint, json, now);
            for (int i = 0; i < append.events().size() && result.applied(); i++) {
                if (append.events().get(i).id().isPresent()) {
                    ids.recordEventId(append.stream(), eventIds.get(i), append.idempotencyKey(), now);
                }
            }
        });
    }

    /** Answers an append that cannot be decided: {@code INVALID_REQUEST}, naming what could be read. */
    void refuse(
            Record<String, byte[]> record,
            RequestHeaders headers,
            Optional<String> stream,
            Optional<String> idempotencyKey,
            String error,
            String fallbackKey) {
        StreamResult result = StreamResult.rejected(stream, idempotencyKey, headers.correlationId(), error);
        publish(record, headers, stream.orElse(fallbackKey), result, WireSerdes.STREAM_RESULT.toBytes(result));
    }

    private void publish(
            Record<String, byte[]> record, RequestHeaders headers, String key, StreamResult result, byte[] json) {
        RecordHeaders reply = UpdateProcessor.correlationHeaders(headers);
        reply.add(ReplyHeaders.RESULT_TYPE, STREAM_RESULT_TYPE);
        processor.sendReply(record, headers, key, json, reply);
        metrics.streamOutcome(result.code(), result.replayed());
    }
}
