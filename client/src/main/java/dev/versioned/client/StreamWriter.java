package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append and load-then-write loop of {@link Streams} and its retry rules, written once for every transport:
 * {@link StreamsClient} and {@link KafkaEventStreams} are this loop over their own {@link StreamTransport}.
 * Thread-safe: all state of a call lives on its stack.
 */
abstract sealed class StreamWriter implements Streams permits StreamsClient, KafkaEventStreams, StreamWriter.Over {

    private static final Logger LOG = LoggerFactory.getLogger(StreamWriter.class);

    private final StreamTransport transport;
    private final Resends resends;
    private final SendListener listener;

    StreamWriter(StreamTransport transport, RetryPolicy policy, SendListener listener) {
        this.transport = Objects.requireNonNull(transport);
        this.resends = new Resends(Objects.requireNonNull(policy));
        this.listener = Objects.requireNonNull(listener);
    }

    /** The loop over any transport (unit tests). */
    static StreamWriter over(StreamTransport transport, RetryPolicy policy, SendListener listener) {
        return new Over(transport, policy, listener);
    }

    static final class Over extends StreamWriter {
        Over(StreamTransport transport, RetryPolicy policy, SendListener listener) {
            super(transport, policy, listener);
        }
    }

    @Override
    public Appended apply(StreamAppend append) {
        Sent sent = decide(append, 1, resends.deadline());
        return outcome(sent.result(), 1, sent.resends());
    }

    @Override
    public StreamPage read(String stream, long from, int limit, Direction direction) {
        return read(stream, from, limit, direction, Optional.empty(), resends.deadline());
    }

    @Override
    public StreamPage read(String stream, long from, int limit, Direction direction, long minVersion) {
        return read(stream, from, limit, direction, Optional.of(minVersion), resends.deadline());
    }

    private StreamPage read(
            String stream, long from, int limit, Direction direction, Optional<Long> minVersion, long deadline) {
        checkRead(stream, from, limit, direction);
        return resends.read(() -> transport.read(stream, from, limit, direction, minVersion), deadline);
    }

    private static void checkRead(String stream, long from, int limit, Direction direction) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(direction, "direction");
        if (from < 0) {
            throw new IllegalArgumentException("from is a position, 0 or more (END for the last one): " + from);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    @Override
    public Iterator<StreamEvent> events(String stream, long from, Direction direction, int pageSize) {
        checkRead(stream, from, pageSize, direction);
        return new Pages(stream, from, direction, pageSize, Optional.empty(), Long.MAX_VALUE);
    }

    @Override
    public Optional<Long> version(String stream) {
        Objects.requireNonNull(stream, "stream");
        return resends.read(() -> transport.version(stream), resends.deadline());
    }

    @Override
    public <S> Appended update(String stream, StreamFold<S> fold, StreamDecision<S> decide, String operationId) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(fold, "fold");
        Objects.requireNonNull(decide, "decide");
        Updater.checkOperationId(operationId);
        long deadline = resends.deadline();
        Folded<S> known = catchUp(stream, fold, new Folded<>(fold.initial(), -1), Optional.empty(), deadline);
        int resent = 0;
        for (int attempt = 1; ; attempt++) {
            List<NewEvent> events = Objects.requireNonNull(
                    decide.decide(known.state(), known.version()), "a decision is a list of events (empty: none)");
            if (events.isEmpty()) {
                return new Appended(stream, List.of(), known.version(), false, null, attempt, resent);
            }
            StreamAppend append = StreamAppend.of(
                    stream, ExpectedVersion.of(known.version()), Updater.attemptKey(operationId, attempt), events);
            Sent sent = decide(append, attempt, deadline);
            resent += sent.resends();
            StreamResult answer = sent.result();
            // A repeat of a call that ended before this attempt's answer (a crash): the attempt's key was decided
            // then, from the stream of that time, and the service tells that first outcome.
            boolean repeated = answer.code() == ResultCode.IDEMPOTENCY_KEY_REUSED
                    && answer.firstOutcome().isPresent();
            StreamResult result = repeated ? answer.firstOutcome().get() : answer;
            if (result.code() != ResultCode.STREAM_VERSION_CONFLICT) {
                return outcome(result, attempt, resent);
            }
            if (attempt >= resends.policy().maxAttempts()) {
                throw conflict(result, attempt);
            }
            known = missed(stream, fold, known, repeated ? Optional.empty() : Optional.of(result), deadline);
            LOG.debug("attempt {} of operation {} met a conflict; deciding again at {}", attempt, operationId, known);
            Duration backoff = resends.policy().backoff(attempt);
            if (!resends.fits(backoff, deadline)) {
                throw conflict(result, attempt);
            }
            int attempts = attempt;
            resends.sleep(backoff, () -> conflict(result, attempts));
        }
    }

    /** A state and the version it was folded at ({@code -1}: no events). */
    private record Folded<S>(S state, long version) {}

    /**
     * The state with what a conflict says was missed: its last event alone when it is the one event after {@code
     * known}, else every event after {@code known} read from the stream (from a source that has seen the conflict's
     * version). Without a conflict's word (a repeated call's refusal is of its own time), read.
     */
    private <S> Folded<S> missed(
            String stream, StreamFold<S> fold, Folded<S> known, Optional<StreamResult> conflict, long deadline) {
        Optional<Long> actual = conflict.flatMap(StreamResult::actualVersion);
        Optional<StreamEvent> last = conflict.flatMap(StreamResult::lastEvent);
        if (actual.isPresent()
                && actual.get() == known.version() + 1
                && last.isPresent()
                && last.get().position() == actual.get()) {
            return new Folded<>(fold.apply(known.state(), last.get()), actual.get());
        }
        return catchUp(stream, fold, known, actual.filter(version -> version > known.version()), deadline);
    }

    /** Folds every event after {@code known}, page by page, up to the stream's end as read. */
    private <S> Folded<S> catchUp(
            String stream, StreamFold<S> fold, Folded<S> known, Optional<Long> minVersion, long deadline) {
        Pages pages =
                new Pages(stream, known.version() + 1, Direction.FORWARD, DEFAULT_PAGE_SIZE, minVersion, deadline);
        S state = known.state();
        long version = known.version();
        while (pages.hasNext()) {
            StreamEvent event = pages.next();
            if (event.position() <= version) {
                continue; // already folded
            }
            if (event.position() != version + 1) {
                // Not the next event: fold no further. Deciding at the version reached costs a conflict at most.
                LOG.warn(
                        "stream {} read with a gap after position {} (next read: {}); folded up to it",
                        stream,
                        version,
                        event.position());
                break;
            }
            state = fold.apply(state, event);
            version = event.position();
        }
        return new Folded<>(state, version);
    }

    /** The events of consecutive pages, each read when the one before is used up. */
    private final class Pages implements Iterator<StreamEvent> {
        private final String stream;
        private final Direction direction;
        private final int pageSize;
        private final Optional<Long> minVersion;
        private final long deadline;
        private Optional<Long> from;
        private Iterator<StreamEvent> page = List.<StreamEvent>of().iterator();

        /** {@code deadline} {@link Long#MAX_VALUE}: each page read gets a deadline of its own. */
        Pages(String stream, long from, Direction direction, int pageSize, Optional<Long> minVersion, long deadline) {
            this.stream = stream;
            this.from = Optional.of(from);
            this.direction = direction;
            this.pageSize = pageSize;
            this.minVersion = minVersion;
            this.deadline = deadline;
        }

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && from.isPresent()) {
                long pageDeadline = deadline == Long.MAX_VALUE ? resends.deadline() : deadline;
                StreamPage read = read(stream, from.get(), pageSize, direction, minVersion, pageDeadline);
                page = read.events().iterator();
                // A next that does not move on (a source's mistake) would loop: it ends the iteration instead.
                long asked = from.get();
                from = read.next().filter(next -> next != asked);
            }
            return page.hasNext();
        }

        @Override
        public StreamEvent next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }

    /** Sends {@code append} until its outcome is definite ({@link Resends#until}), each send observed. */
    private Sent decide(StreamAppend append, int attempt, long deadline) {
        int[] sends = {0};
        Resends.Definite<StreamResult> definite = resends.until(
                () -> {
                    SendListener.AppendSend observed = new SendListener.AppendSend(append, attempt, ++sends[0]);
                    Updater.notify(() -> listener.sending(observed));
                    Outcome outcome = transport.send(append);
                    Updater.notify(() -> listener.sent(observed, outcome));
                    return outcome;
                },
                outcome -> outcome instanceof Outcome.StreamDecided decided
                        ? Optional.of(decided.result())
                        : Optional.empty(),
                append.idempotencyKey(),
                why -> new OutcomeUnknown(append, why),
                deadline);
        return new Sent(definite.answer(), definite.resends());
    }

    private record Sent(StreamResult result, int resends) {}

    /** An applied result as {@link Appended}; every refusal as its exception. */
    static Appended outcome(StreamResult result, int attempts, int resends) {
        String stream = result.stream().orElse(null);
        String key = result.idempotencyKey().orElse(null);
        String message = result.error().orElse(result.code().name());
        return switch (result.code()) {
            case APPLIED ->
                new Appended(
                        stream,
                        result.events().orElse(List.of()),
                        result.version().orElseThrow(),
                        result.replayed(),
                        key,
                        attempts,
                        resends);
            case STREAM_VERSION_CONFLICT -> throw conflict(result, attempts);
            case EVENT_ID_REUSED -> throw new EventIdReused(stream, key, message);
            case IDEMPOTENCY_KEY_REUSED -> throw new IdempotencyKeyReused(key, message, result.firstOutcome());
            case INVALID_REQUEST -> throw new Invalid(400, result.code().name(), message);
            // never an append's outcome
            case VERSION_REQUIRED,
                    VERSION_CONFLICT,
                    INSUFFICIENT_STOCK,
                    QUANTITY_OUT_OF_RANGE,
                    NOT_FOUND,
                    TRANSFER_ABORTED,
                    CONSTRAINT_VIOLATION -> throw new Invalid(400, result.code().name(), message);
        };
    }

    private static StreamVersionConflict conflict(StreamResult result, int attempts) {
        return new StreamVersionConflict(
                result.stream().orElse(null),
                result.expectedVersion().orElse(ExpectedVersion.ANY),
                result.actualVersion(),
                result.lastEvent(),
                attempts,
                result.error().orElse("the stream is at another version"));
    }
}
