package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one append: sent to the request's reply address (with the header {@link ReplyHeaders#RESULT_TYPE}
 * {@value ReplyHeaders#STREAM_RESULT}). The events themselves go to the events topic; an outcome names them by id
 * and position only.
 *
 * <p>An applied append carries {@code firstPosition}, the stream's new {@code version} and each event's id and
 * position. A {@link ResultCode#STREAM_VERSION_CONFLICT} carries the stream's {@code actualVersion} (absent when the
 * stream does not exist) and its {@code lastEvent}, so that a writer can fold what it missed and decide again
 * without a read.
 *
 * @param expectedVersion what the append expected
 * @param firstPosition the position of the append's first event
 * @param version the stream's version after the append: its last event's position
 * @param events the appended events' ids and positions, in order
 * @param actualVersion on a refusal: the stream's version when it was decided (absent: no stream)
 * @param lastEvent on a refusal: the stream's last event when it has one
 * @param time when the append was decided (stream time)
 * @param error on a refusal: what was wrong, for a person
 * @param firstOutcome on {@link ResultCode#IDEMPOTENCY_KEY_REUSED}: the outcome the key's first append got (replayed)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record StreamResult(
        Optional<String> correlationId,
        Optional<String> stream,
        Optional<String> idempotencyKey,
        boolean applied,
        ResultCode code,
        boolean replayed,
        Optional<ExpectedVersion> expectedVersion,
        Optional<Long> firstPosition,
        Optional<Long> version,
        Optional<List<Appended>> events,
        Optional<Long> actualVersion,
        Optional<StreamEvent> lastEvent,
        Optional<Instant> time,
        Optional<String> error,
        Optional<StreamResult> firstOutcome)
        implements Outcome {

    /** One appended event: its id and position. */
    public record Appended(String id, long position) {}

    public StreamResult {
        correlationId = orEmpty(correlationId);
        stream = orEmpty(stream);
        idempotencyKey = orEmpty(idempotencyKey);
        expectedVersion = orEmpty(expectedVersion);
        firstPosition = orEmpty(firstPosition);
        version = orEmpty(version);
        events = orEmpty(events).map(List::copyOf);
        actualVersion = orEmpty(actualVersion);
        lastEvent = orEmpty(lastEvent);
        time = orEmpty(time);
        error = orEmpty(error);
        firstOutcome = orEmpty(firstOutcome);
        if (code == null) {
            throw new IllegalArgumentException("code is required");
        }
        if (applied != (code == ResultCode.APPLIED)) {
            throw new IllegalArgumentException("applied must be true exactly when code is APPLIED, code=" + code);
        }
        if (firstOutcome.isPresent() && code != ResultCode.IDEMPOTENCY_KEY_REUSED) {
            throw new IllegalArgumentException("only IDEMPOTENCY_KEY_REUSED carries a first outcome, code=" + code);
        }
        if (firstOutcome.flatMap(StreamResult::firstOutcome).isPresent()) {
            throw new IllegalArgumentException("a first outcome never carries a first outcome of its own");
        }
    }

    /** An applied append: its events at {@code firstPosition} onwards. */
    public static StreamResult appended(
            StreamAppend append,
            Optional<String> correlationId,
            long firstPosition,
            List<Appended> events,
            Instant at) {
        return new StreamResult(
                correlationId,
                Optional.of(append.stream()),
                Optional.of(append.idempotencyKey()),
                true,
                ResultCode.APPLIED,
                false,
                append.expectedVersion(),
                Optional.of(firstPosition),
                Optional.of(firstPosition + events.size() - 1),
                Optional.of(events),
                Optional.empty(),
                Optional.empty(),
                Optional.of(at),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A refusal of a valid append by the stream as it stands ({@code actualVersion}, {@code lastEvent}): a version
     * conflict, a reused key ({@code first} being the key's first outcome) or a reused event id.
     */
    public static StreamResult refused(
            StreamAppend append,
            Optional<String> correlationId,
            ResultCode code,
            String error,
            Optional<Long> actualVersion,
            Optional<StreamEvent> lastEvent,
            Optional<StreamResult> first,
            Instant at) {
        return new StreamResult(
                correlationId,
                Optional.of(append.stream()),
                Optional.of(append.idempotencyKey()),
                false,
                code,
                false,
                append.expectedVersion(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                actualVersion,
                lastEvent,
                Optional.of(at),
                Optional.of(error),
                first.map(outcome -> outcome.asReplayFor(Optional.empty())));
    }

    /** An append that could not be decided ({@code INVALID_REQUEST}), naming what could be read of it. */
    public static StreamResult rejected(
            Optional<String> stream, Optional<String> idempotencyKey, Optional<String> correlationId, String error) {
        return new StreamResult(
                correlationId,
                stream,
                idempotencyKey,
                false,
                ResultCode.INVALID_REQUEST,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(error),
                Optional.empty());
    }

    /** This recorded outcome answering a retry: {@code replayed}, with the retry's correlation id. */
    public StreamResult asReplayFor(Optional<String> retryCorrelationId) {
        return replay(retryCorrelationId, idempotencyKey);
    }

    /**
     * This recorded outcome answering another append that carried the same events under another key: replayed,
     * naming that append's key and correlation id, so that its caller can match the answer to what it sent.
     */
    public StreamResult asReplayFor(Optional<String> retryCorrelationId, String retryIdempotencyKey) {
        return replay(retryCorrelationId, Optional.of(retryIdempotencyKey));
    }

    private StreamResult replay(Optional<String> retryCorrelationId, Optional<String> retryIdempotencyKey) {
        return new StreamResult(
                retryCorrelationId,
                stream,
                retryIdempotencyKey,
                applied,
                code,
                true,
                expectedVersion,
                firstPosition,
                version,
                events,
                actualVersion,
                lastEvent,
                time,
                error,
                firstOutcome);
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
