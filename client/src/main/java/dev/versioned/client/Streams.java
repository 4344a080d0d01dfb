package dev.versioned.client;

import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Event streams, read and appended to safely: the same contract over HTTP ({@link StreamsClient}, from {@link
 * InventoryClient.Builder#buildStreams()}) and straight over Kafka ({@link KafkaEventStreams}, from {@link
 * KafkaInventory#streams()}).
 *
 * <p>A writer reads a stream's version, appends events expecting that version, and is refused {@link
 * StreamVersionConflict} (with the actual version and the stream's last event) when another writer appended first.
 * The retry rules are those of {@link Inventory}: an unknown outcome is resent with the same idempotency key (and the
 * same events, so the same event ids) until it is definite, and only a definite conflict starts a new attempt of
 * {@link #update}, which folds only the events it missed.
 *
 * <p>Refusals and transport failures surface as the {@link InventoryException} subtypes: {@link
 * StreamVersionConflict}, {@link EventIdReused}, {@link IdempotencyKeyReused}, {@link Invalid} (400 malformed, 413
 * over the limits), {@link NotAuthorized}, {@link Unavailable}, {@link OutcomeUnknown}. Implementations are
 * thread-safe.
 */
public interface Streams {

    /** The page size of {@link #events} and of {@link #update}'s reads. */
    int DEFAULT_PAGE_SIZE = 100;

    /** {@code from} of a backward read that starts at the stream's last event. */
    long END = Long.MAX_VALUE;

    /** Which way a read goes from its {@code from} position. */
    enum Direction {
        /** Ascending positions: {@code from}, {@code from + 1}, ... */
        FORWARD,
        /** Descending positions: {@code from}, {@code from - 1}, ... down to 0. */
        BACKWARD;

        /** The query parameter's value: {@code forward} or {@code backward}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Appends {@code events} to {@code stream} if it is at {@code expected}, under a new random idempotency key,
     * resending the same append while its outcome is unknown.
     *
     * @return the events' ids and positions, and the stream's new version
     * @throws StreamVersionConflict when the stream is not at {@code expected} (never retried here)
     * @throws EventIdReused when an event's id is one the stream already has, from another append
     * @throws OutcomeUnknown when the deadline passed while the outcome was unknown ({@link OutcomeUnknown#append()}
     *     is the append to resend with {@link #apply})
     */
    default Appended append(String stream, ExpectedVersion expected, List<NewEvent> events) {
        return append(stream, expected, events, UUID.randomUUID().toString());
    }

    /** As {@link #append(String, ExpectedVersion, List)}, under the caller's idempotency key. */
    default Appended append(String stream, ExpectedVersion expected, List<NewEvent> events, String idempotencyKey) {
        return apply(StreamAppend.of(stream, expected, idempotencyKey, events));
    }

    /**
     * Sends one append exactly as given (its expectation, key and event ids are the caller's), resending it unchanged
     * while its outcome is unknown. A resend of an append already decided gets its first outcome ({@link
     * Appended#replayed()}). A refusal is thrown as its exception; a conflict is never retried here.
     *
     * @throws IdempotencyKeyReused when the key was used for another append ({@link
     *     IdempotencyKeyReused#firstOutcome()} tells what it decided)
     */
    Appended apply(StreamAppend append);

    /**
     * One page of the stream: at most {@code limit} events from position {@code from} in {@code direction} ({@link
     * #END} for a backward read from the last event). A stream that does not exist gives an empty page with no
     * version.
     */
    StreamPage read(String stream, long from, int limit, Direction direction);

    /**
     * As {@link #read(String, long, int, Direction)}, from a source that has seen the stream at {@code minVersion} at
     * least (read your own append: pass {@link Appended#version()}). Over HTTP the gateway waits for its view to get
     * there; over Kafka every read sees all that was committed before it.
     */
    StreamPage read(String stream, long from, int limit, Direction direction, long minVersion);

    /**
     * The stream's events from {@code from} in {@code direction}, page by page ({@link #DEFAULT_PAGE_SIZE}) as the
     * iterator advances, following each page's {@code next}: the stream is never loaded whole. A forward iterator ends
     * at the stream's end as of its last page's read.
     */
    default Iterator<StreamEvent> events(String stream, long from, Direction direction) {
        return events(stream, from, direction, DEFAULT_PAGE_SIZE);
    }

    /** As {@link #events(String, long, Direction)}, with pages of {@code pageSize} events. */
    Iterator<StreamEvent> events(String stream, long from, Direction direction, int pageSize);

    /** The stream's version (its last event's position); empty when the stream does not exist. */
    Optional<Long> version(String stream);

    /**
     * The load-then-write loop, written once: reads the stream and folds its events into a state, asks {@code
     * decide} for the events to append at that version (an empty list: nothing to do, nothing sent), and appends
     * them expecting that version. On a {@link StreamVersionConflict} it folds only the events it missed (the
     * conflict's last event when exactly one was missed; otherwise it reads from the version it knew + 1) and asks
     * {@code decide} again, under the {@link RetryPolicy}: at most {@code maxAttempts} appends, each after a backoff.
     * An unknown outcome is resent with the same key. A random operation id names the attempts' keys.
     *
     * @throws StreamVersionConflict when every attempt allowed by the policy met a conflict
     * @throws OutcomeUnknown when the deadline passed while an attempt's outcome was still unknown
     */
    default <S> Appended update(String stream, StreamFold<S> fold, StreamDecision<S> decide) {
        return update(stream, fold, decide, UUID.randomUUID().toString());
    }

    /**
     * As {@link #update(String, StreamFold, StreamDecision)}, with the idempotency keys derived from {@code
     * operationId} ({@code <operationId>-a<n>}): a caller that persists its operation id can repeat the whole call
     * after a crash, and an attempt already decided gives its first outcome.
     */
    <S> Appended update(String stream, StreamFold<S> fold, StreamDecision<S> decide, String operationId);
}
