package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The append and load-then-write rules of {@link StreamWriter} with a scripted transport over an in-memory stream and
 * a fake clock: no real waiting, no broker.
 */
class StreamWriterTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final String STREAM = "account-1";

    private final FakeClock clock = new FakeClock();
    private final Scripted transport = new Scripted();
    private final List<String> observed = new CopyOnWriteArrayList<>();

    /** A balance: deposits add, withdrawals take away. */
    private static final StreamFold<Long> BALANCE = StreamFold.of(
            0L,
            (balance, event) -> balance
                    + (event.type().equals("Withdrawn") ? -1 : 1)
                            * event.data().path("amount").asLong());

    private StreamWriter writer(int maxAttempts) {
        return StreamWriter.over(
                transport,
                RetryPolicy.builder()
                        .maxAttempts(maxAttempts)
                        .deadline(Duration.ofSeconds(30))
                        .clock(clock)
                        .jitter(() -> 1.0)
                        .build(),
                new SendListener() {
                    @Override
                    public void sent(AppendSend send, Outcome outcome) {
                        observed.add(send.append().idempotencyKey() + "#" + send.send() + ":"
                                + outcome.getClass().getSimpleName());
                    }
                });
    }

    /** Deposit {@code amount} whatever the balance. */
    private static StreamDecision<Long> deposit(long amount) {
        return (balance, version) -> List.of(event("Deposited", amount));
    }

    /** {@code decision}, recording each state and version it is asked at as {@code balance@version}. */
    private static StreamDecision<Long> recorded(List<String> decided, StreamDecision<Long> decision) {
        return (balance, version) -> {
            decided.add(balance + "@" + version);
            return decision.decide(balance, version);
        };
    }

    @Test
    @DisplayName("update folds the stream, decides at its version, and appends expecting that version")
    void updateAppendsAtTheVersionFolded() {
        // given a stream with deposits of 10 and 5
        transport.stream.add(stored(0, "Deposited", 10));
        transport.stream.add(stored(1, "Deposited", 5));
        transport.script(transport::applied);
        List<String> decided = new ArrayList<>();

        // when depositing 1
        Appended appended = writer(5).update(STREAM, BALANCE, recorded(decided, deposit(1)), "op");

        // then the decision saw balance 15 at version 1, and the append expected 1 under key op-a1
        assertThat(decided).containsExactly("15@1");
        assertThat(transport.sent).singleElement().satisfies(append -> {
            assertThat(append.expected()).isEqualTo(ExpectedVersion.of(1));
            assertThat(append.idempotencyKey()).isEqualTo("op-a1");
        });
        assertThat(appended.positions()).containsExactly(2L);
        assertThat(appended.version()).isEqualTo(2L);
    }

    @Test
    @DisplayName("a stream that does not exist is decided at version -1 and appended expecting no stream")
    void absentStreamIsCreated() {
        transport.script(transport::applied);

        writer(5).update(STREAM, BALANCE, deposit(10), "op");

        assertThat(transport.sent)
                .singleElement()
                .satisfies(append -> assertThat(append.expected()).isEqualTo(ExpectedVersion.NO_STREAM));
    }

    @Test
    @DisplayName("on a conflict that missed one event, the conflict's last event is folded: no read, a new key")
    void conflictWithOneMissedEventFoldsTheLastEvent() {
        // given a stream at version 0 with 10, and another writer that deposits 7 first
        transport.stream.add(stored(0, "Deposited", 10));
        transport.script(transport.otherWriterFirst(1), transport::applied);
        List<String> decided = new ArrayList<>();

        // when depositing 1
        writer(5).update(STREAM, BALANCE, recorded(decided, deposit(1)), "op");

        // then the second decision saw the other writer's deposit, without a second read
        assertThat(decided).containsExactly("10@0", "17@1");
        assertThat(transport.reads).containsExactly("from 0");
        assertThat(transport.sent).extracting(StreamAppend::idempotencyKey).containsExactly("op-a1", "op-a2");
        assertThat(transport.sent.get(1).expected()).isEqualTo(ExpectedVersion.of(1));
    }

    @Test
    @DisplayName("on a conflict that missed several events, only the events after the known version are read, from"
            + " a source at the conflict's version at least")
    void conflictWithSeveralMissedEventsReadsOnlyThose() {
        // given a stream at version 0, and another writer that appends 2 events first
        transport.stream.add(stored(0, "Deposited", 10));
        transport.script(transport.otherWriterFirst(2), transport::applied);
        List<String> decided = new ArrayList<>();

        // when depositing 1
        writer(5).update(STREAM, BALANCE, recorded(decided, deposit(1)), "op");

        // then the missed events were read from position 1, at version 2 at least, and folded
        assertThat(transport.reads).containsExactly("from 0", "from 1 min 2");
        assertThat(decided).containsExactly("10@0", "24@2");
        assertThat(transport.sent.get(1).expected()).isEqualTo(ExpectedVersion.of(2));
    }

    @Test
    @DisplayName("an unknown outcome is resent unchanged, with the same key, until it is decided")
    void unknownIsResentWithTheSameKey() {
        transport.script(
                append -> new Outcome.Unknown("504"), append -> new Outcome.Unknown("timeout"), transport::applied);

        Appended appended = writer(5).update(STREAM, BALANCE, deposit(3), "op");

        assertThat(transport.sent)
                .hasSize(3)
                .allSatisfy(append -> assertThat(append).isEqualTo(transport.sent.get(0)));
        assertThat(appended.resends()).isEqualTo(2);
        assertThat(observed).containsExactly("op-a1#1:Unknown", "op-a1#2:Unknown", "op-a1#3:StreamDecided");
    }

    @Test
    @DisplayName("a decision of no events sends nothing")
    void nothingToDo() {
        transport.stream.add(stored(0, "Deposited", 10));

        Appended appended = writer(5).update(STREAM, BALANCE, (balance, version) -> List.of(), "op");

        assertThat(appended.changed()).isFalse();
        assertThat(appended.version()).isZero();
        assertThat(transport.sent).isEmpty();
    }

    @Test
    @DisplayName("what the decision throws ends the call unchanged, nothing sent")
    void decisionRefuses() {
        transport.stream.add(stored(0, "Deposited", 10));

        assertThatThrownBy(() -> writer(5)
                        .update(
                                STREAM,
                                BALANCE,
                                (balance, version) -> {
                                    throw new IllegalStateException("insufficient funds: " + balance);
                                },
                                "op"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("10");
        assertThat(transport.sent).isEmpty();
    }

    @Test
    @DisplayName("when every attempt meets a conflict, the last one is thrown with expected, actual and last event")
    void attemptsUsedUp() {
        transport.script(transport.otherWriterFirst(1));
        transport.repeatLast = true;

        assertThatThrownBy(() -> writer(3).update(STREAM, BALANCE, deposit(1), "op"))
                .isInstanceOfSatisfying(StreamVersionConflict.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.of(1));
                    assertThat(e.actual()).contains(2L);
                    assertThat(e.lastEvent().map(StreamEvent::position)).contains(2L);
                });
        assertThat(transport.sent).hasSize(3);
        assertThat(clock.sleeps).hasSize(2);
    }

    @Test
    @DisplayName("a repeated operation whose attempt was applied before gets that first outcome, replayed")
    void repeatedOperationGetsTheFirstOutcome() {
        transport.stream.add(stored(0, "Deposited", 10));
        StreamResult first = StreamResult.appended(
                        StreamAppend.of(STREAM, ExpectedVersion.NO_STREAM, "op-a1", List.of(event("Deposited", 10))),
                        Optional.empty(),
                        0,
                        List.of(new StreamResult.Appended("e-0", 0)),
                        AT)
                .asReplayFor(Optional.empty());
        transport.script(append -> decided(StreamResult.refused(
                append,
                Optional.empty(),
                ResultCode.IDEMPOTENCY_KEY_REUSED,
                "the key was used for another append",
                Optional.of(0L),
                Optional.empty(),
                Optional.of(first),
                AT)));

        Appended appended = writer(5).update(STREAM, BALANCE, deposit(1), "op");

        assertThat(appended.replayed()).isTrue();
        assertThat(appended.positions()).containsExactly(0L);
    }

    @Test
    @DisplayName("apply: a reused event id is EventIdReused, a reused key IdempotencyKeyReused with the first outcome")
    void applyRefusals() {
        StreamAppend append = StreamAppend.of(STREAM, ExpectedVersion.ANY, "k", List.of(event("Deposited", 1)));
        transport.script(
                a -> refused(a, ResultCode.EVENT_ID_REUSED), a -> refused(a, ResultCode.IDEMPOTENCY_KEY_REUSED));

        assertThatThrownBy(() -> writer(5).apply(append)).isInstanceOfSatisfying(EventIdReused.class, e -> {
            assertThat(e.stream()).isEqualTo(STREAM);
            assertThat(e.idempotencyKey()).isEqualTo("k");
        });
        assertThatThrownBy(() -> writer(5).apply(append))
                .isInstanceOfSatisfying(
                        IdempotencyKeyReused.class,
                        e -> assertThat(e.idempotencyKey()).isEqualTo("k"));
    }

    @Test
    @DisplayName("an outcome still unknown at the deadline is OutcomeUnknown carrying the append to resend")
    void unknownAtTheDeadline() {
        StreamAppend append = StreamAppend.of(STREAM, ExpectedVersion.ANY, "k", List.of(event("Deposited", 1)));
        transport.script(a -> new Outcome.Unknown("504"));
        transport.repeatLast = true;

        assertThatThrownBy(() -> writer(5).apply(append))
                .isInstanceOfSatisfying(
                        OutcomeUnknown.class, e -> assertThat(e.append()).contains(append));
    }

    @Test
    @DisplayName("the events iterator reads a page only when the one before is used up, following next")
    void iteratorFollowsNext() {
        for (int i = 0; i < 5; i++) {
            transport.stream.add(stored(i, "Deposited", i));
        }

        Iterator<StreamEvent> events = writer(5).events(STREAM, 0, Streams.Direction.FORWARD, 2);

        assertThat(transport.reads).isEmpty();
        assertThat(events.next().position()).isZero();
        assertThat(transport.reads).containsExactly("from 0");
        List<Long> rest = new ArrayList<>();
        events.forEachRemaining(event -> rest.add(event.position()));
        assertThat(rest).containsExactly(1L, 2L, 3L, 4L);
        assertThat(transport.reads).containsExactly("from 0", "from 2", "from 4");
    }

    @Test
    @DisplayName("the events iterator backward goes from the last event down to the first")
    void iteratorBackward() {
        for (int i = 0; i < 3; i++) {
            transport.stream.add(stored(i, "Deposited", i));
        }

        Iterator<StreamEvent> events = writer(5).events(STREAM, Streams.END, Streams.Direction.BACKWARD, 2);

        List<Long> positions = new ArrayList<>();
        events.forEachRemaining(event -> positions.add(event.position()));
        assertThat(positions).containsExactly(2L, 1L, 0L);
    }

    private static Outcome decided(StreamResult result) {
        return new Outcome.StreamDecided(result);
    }

    private static Outcome refused(StreamAppend append, ResultCode code) {
        return decided(StreamResult.refused(
                append, Optional.empty(), code, code.name(), Optional.of(0L), Optional.empty(), Optional.empty(), AT));
    }

    static NewEvent event(String type, long amount) {
        ObjectNode data = WireFormat.mapper().createObjectNode().put("amount", amount);
        return NewEvent.of(type, data);
    }

    static StreamEvent stored(long position, String type, long amount) {
        return new StreamEvent(
                STREAM,
                position,
                "e-" + position,
                type,
                event(type, amount).data(),
                Optional.empty(),
                AT,
                Optional.empty());
    }

    /** An in-memory stream read in pages, and sends answered by the next scripted reaction. */
    private static final class Scripted implements StreamTransport {
        final List<StreamEvent> stream = new ArrayList<>();
        final List<StreamAppend> sent = new ArrayList<>();
        final List<String> reads = new ArrayList<>();
        final Deque<Function<StreamAppend, Outcome>> reactions = new ArrayDeque<>();
        boolean repeatLast;

        @SafeVarargs
        final void script(Function<StreamAppend, Outcome>... steps) {
            reactions.addAll(List.of(steps));
        }

        @Override
        public StreamPage read(
                String name, long from, int limit, Streams.Direction direction, Optional<Long> minVersion) {
            reads.add("from " + (from == Streams.END ? "end" : from)
                    + minVersion.map(v -> " min " + v).orElse(""));
            Optional<Long> version = stream.isEmpty() ? Optional.empty() : Optional.of((long) stream.size() - 1);
            List<StreamEvent> page = new ArrayList<>();
            Optional<Long> next = Optional.empty();
            if (direction == Streams.Direction.FORWARD) {
                for (long p = from; p < stream.size() && page.size() < limit; p++) {
                    page.add(stream.get((int) p));
                }
                long after = from + page.size();
                next = after < stream.size() ? Optional.of(after) : Optional.empty();
            } else {
                long p = Math.min(from, stream.size() - 1L);
                for (; p >= 0 && page.size() < limit; p--) {
                    page.add(stream.get((int) p));
                }
                next = p >= 0 ? Optional.of(p) : Optional.empty();
            }
            return new StreamPage(name, version, page, next);
        }

        @Override
        public Optional<Long> version(String name) {
            return stream.isEmpty() ? Optional.empty() : Optional.of((long) stream.size() - 1);
        }

        @Override
        public Outcome send(StreamAppend append) {
            sent.add(append);
            Function<StreamAppend, Outcome> next =
                    repeatLast && reactions.size() == 1 ? reactions.peek() : reactions.poll();
            if (next == null) {
                throw new AssertionError("no reaction scripted for " + append);
            }
            return next.apply(append);
        }

        /** Appends when the stream is at the expected version, else refuses with a conflict. */
        Outcome applied(StreamAppend append) {
            Optional<Long> actual = version(append.stream());
            if (!append.expected().admits(actual)) {
                return conflict(append);
            }
            long first = stream.size();
            List<StreamResult.Appended> positions = new ArrayList<>();
            for (int i = 0; i < append.events().size(); i++) {
                NewEvent event = append.events().get(i);
                stream.add(new StreamEvent(
                        append.stream(),
                        first + i,
                        append.eventId(i),
                        event.type(),
                        event.data(),
                        event.metadata(),
                        AT,
                        Optional.empty()));
                positions.add(new StreamResult.Appended(append.eventId(i), first + i));
            }
            return decided(StreamResult.appended(append, Optional.empty(), first, positions, AT));
        }

        /** Another writer deposits 7 per event ({@code count} events) just before this send, which then conflicts. */
        Function<StreamAppend, Outcome> otherWriterFirst(int count) {
            return append -> {
                for (int i = 0; i < count; i++) {
                    stream.add(stored(stream.size(), "Deposited", 7));
                }
                return conflict(append);
            };
        }

        private Outcome conflict(StreamAppend append) {
            return decided(StreamResult.refused(
                    append,
                    Optional.empty(),
                    ResultCode.STREAM_VERSION_CONFLICT,
                    "expected " + append.expected().text(),
                    version(append.stream()),
                    stream.isEmpty() ? Optional.empty() : Optional.of(stream.get(stream.size() - 1)),
                    Optional.empty(),
                    AT));
        }
    }
}
