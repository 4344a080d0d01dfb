package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Random concurrent appends to a few streams by several writers, each at the version it last saw (often a stale
 * one) or with another expectation, with retries, reused keys and copies of earlier appends' events and ids,
 * against a plain model. Every outcome must be the model's (code, replay, positions); and at the end each stream on
 * the events topic is the model's: positions 0..N with no gap or repeat, every applied append's events present
 * exactly once, no refused append's.
 */
class StreamProperties {

    private static final int WRITERS = 3;
    private static final int STREAMS = 2;

    sealed interface Action {}

    /**
     * A new append by a writer: expecting the version it last saw ({@code expectation} 0), -1 (1), any (2),
     * exists (3); with {@code events} events, given ids or not.
     */
    record Append(int writer, int stream, int expectation, int events, boolean ids) implements Action {}

    /** The same append again, as a client resends after a timeout. */
    record Retry(int earlier) implements Action {}

    /** An earlier append's key with other events. */
    record Reuse(int earlier) implements Action {}

    /** An earlier append's events, ids included, under a new key and no expectation: a copier's resend. */
    record Copy(int earlier) implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> writer = Arbitraries.integers().between(0, WRITERS - 1);
        Arbitrary<Integer> stream = Arbitraries.integers().between(0, STREAMS - 1);
        Arbitrary<Integer> expectation =
                Arbitraries.frequency(Tuple.of(6, 0), Tuple.of(1, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        Arbitrary<Integer> events = Arbitraries.integers().between(1, 3);
        Arbitrary<Integer> earlier = Arbitraries.integers().between(0, 1_000);
        return Arbitraries.frequencyOf(
                        Tuple.of(
                                8,
                                Combinators.combine(writer, stream, expectation, events, Arbitraries.of(true, false))
                                        .as((w, s, x, n, ids) -> (Action) new Append(w, s, x, n, ids))),
                        Tuple.of(2, earlier.map(i -> (Action) new Retry(i))),
                        Tuple.of(1, earlier.map(i -> (Action) new Reuse(i))),
                        Tuple.of(1, earlier.map(i -> (Action) new Copy(i))))
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Property(tries = 40)
    void appendsAreDecidedAsTheModelSaysAndStreamsHaveNoGapOrRepeat(@ForAll("actions") List<Action> actions) {
        Path stateDir = InterleavingProperties.tempDir();
        try (StreamFixture fixture = new StreamFixture(stateDir)) {
            check(actions, fixture);
        } finally {
            InterleavingProperties.deleteRecursively(stateDir);
        }
    }

    private static void check(List<Action> actions, StreamFixture fixture) {
        Model model = new Model();
        long[][] seen = new long[WRITERS][STREAMS];
        for (long[] row : seen) {
            java.util.Arrays.fill(row, -1);
        }
        List<StreamAppend> sent = new ArrayList<>();
        Map<String, List<StreamEvent>> written = new HashMap<>();
        for (Action action : actions) {
            StreamAppend append = materialize(action, sent, seen);
            if (append == null) {
                continue;
            }
            sent.add(append);
            StreamResult actual = fixture.decide(append);
            Model.Outcome expected = model.decide(append);
            assertThat(actual.code()).as("code of %s", append).isEqualTo(expected.code());
            assertThat(actual.replayed()).as("replayed of %s", append).isEqualTo(expected.replayed());
            if (actual.applied()) {
                assertThat(actual.firstPosition())
                        .as("first position of %s", append)
                        .contains(expected.first());
                assertThat(actual.events().orElseThrow())
                        .extracting(StreamResult.Appended::id)
                        .as("ids of %s", append)
                        .isEqualTo(expected.ids());
            } else if (expected.code() == ResultCode.STREAM_VERSION_CONFLICT) {
                assertThat(actual.actualVersion())
                        .as("actual version told with %s", append)
                        .isEqualTo(expected.actual());
            }
            if (action instanceof Append a
                    && (actual.applied() || expected.code() == ResultCode.STREAM_VERSION_CONFLICT)) {
                seen[a.writer()][a.stream()] = actual.applied()
                        ? actual.version().orElseThrow()
                        : actual.actualVersion().orElse(-1L);
            }
            for (TestRecord<String, StreamEvent> event : fixture.events()) {
                written.computeIfAbsent(event.key(), k -> new ArrayList<>()).add(event.value());
            }
        }
        for (int s = 0; s < STREAMS; s++) {
            List<StreamEvent> events = written.getOrDefault(stream(s), List.of());
            for (int p = 0; p < events.size(); p++) {
                assertThat(events.get(p).position())
                        .as("position %d of %s", p, stream(s))
                        .isEqualTo(p);
            }
            assertThat(events)
                    .extracting(StreamEvent::id)
                    .as("the events of %s", stream(s))
                    .isEqualTo(model.streams.getOrDefault(stream(s), List.of()));
        }
    }

    private static String stream(int s) {
        return "account-" + s;
    }

    /** The append an action stands for; null for one that refers to an earlier append when none was sent yet. */
    private static StreamAppend materialize(Action action, List<StreamAppend> sent, long[][] seen) {
        String key = "k-" + sent.size();
        if (action instanceof Append a) {
            ExpectedVersion expected = switch (a.expectation()) {
                case 0 -> ExpectedVersion.of(seen[a.writer()][a.stream()]);
                case 1 -> ExpectedVersion.NO_STREAM;
                case 2 -> ExpectedVersion.ANY;
                default -> ExpectedVersion.EXISTS;
            };
            List<NewEvent> events = new ArrayList<>();
            for (int i = 0; i < a.events(); i++) {
                NewEvent event = StreamFixture.event("Deposited", "{\"amount\":" + (sent.size() * 10 + i) + "}");
                events.add(a.ids() ? event.withId(UUID.randomUUID()) : event);
            }
            return StreamAppend.of(stream(a.stream()), expected, key, events);
        }
        if (sent.isEmpty()) {
            return null;
        }
        if (action instanceof Retry retry) {
            return sent.get(retry.earlier() % sent.size());
        }
        if (action instanceof Reuse reuse) {
            StreamAppend earlier = sent.get(reuse.earlier() % sent.size());
            return new StreamAppend(
                    earlier.stream(),
                    earlier.expectedVersion(),
                    earlier.idempotencyKey(),
                    List.of(StreamFixture.event("Withdrawn", "{\"amount\":" + sent.size() + "}")));
        }
        StreamAppend earlier = sent.get(((Copy) action).earlier() % sent.size());
        return new StreamAppend(earlier.stream(), Optional.empty(), key, earlier.events());
    }

    /** The rules of appends, written plainly. */
    static final class Model {

        record Outcome(ResultCode code, boolean replayed, long first, List<String> ids, Optional<Long> actual) {
            Outcome replay() {
                return new Outcome(code, true, first, ids, actual);
            }
        }

        private record First(StreamAppend append, Outcome outcome) {}

        final Map<String, List<String>> streams = new HashMap<>();
        private final Map<String, First> byKey = new HashMap<>();
        private final Map<String, String> eventWriters = new HashMap<>();

        Outcome decide(StreamAppend append) {
            String stream = append.stream();
            First first = byKey.get(stream + "/" + append.idempotencyKey());
            if (first != null) {
                return first.append().equals(append)
                        ? first.outcome().replay()
                        : new Outcome(ResultCode.IDEMPOTENCY_KEY_REUSED, false, -1, List.of(), Optional.empty());
            }
            List<String> events = streams.computeIfAbsent(stream, s -> new ArrayList<>());
            Optional<Long> actual = events.isEmpty() ? Optional.empty() : Optional.of((long) events.size() - 1);
            for (int i = 0; i < append.events().size(); i++) {
                if (append.events().get(i).id().isEmpty()) {
                    continue;
                }
                String writer = eventWriters.get(stream + "/" + append.eventId(i));
                if (writer != null) {
                    First written = byKey.get(stream + "/" + writer);
                    return sameEvents(written.append(), append)
                            ? written.outcome().replay()
                            : record(append, new Outcome(ResultCode.EVENT_ID_REUSED, false, -1, List.of(), actual));
                }
            }
            if (!append.expected().admits(actual)) {
                return record(append, new Outcome(ResultCode.STREAM_VERSION_CONFLICT, false, -1, List.of(), actual));
            }
            List<String> ids = new ArrayList<>();
            long firstPosition = events.size();
            for (int i = 0; i < append.events().size(); i++) {
                ids.add(append.eventId(i));
                events.add(append.eventId(i));
                if (append.events().get(i).id().isPresent()) {
                    eventWriters.put(stream + "/" + append.eventId(i), append.idempotencyKey());
                }
            }
            return record(append, new Outcome(ResultCode.APPLIED, false, firstPosition, ids, Optional.empty()));
        }

        private Outcome record(StreamAppend append, Outcome outcome) {
            byKey.put(append.stream() + "/" + append.idempotencyKey(), new First(append, outcome));
            return outcome;
        }

        private static boolean sameEvents(StreamAppend a, StreamAppend b) {
            if (a.events().size() != b.events().size()) {
                return false;
            }
            for (int i = 0; i < a.events().size(); i++) {
                NewEvent x = a.events().get(i);
                NewEvent y = b.events().get(i);
                if (!a.eventId(i).equals(b.eventId(i))
                        || !x.type().equals(y.type())
                        || !x.data().equals(y.data())
                        || !x.metadata().equals(y.metadata())) {
                    return false;
                }
            }
            return true;
        }
    }
}
