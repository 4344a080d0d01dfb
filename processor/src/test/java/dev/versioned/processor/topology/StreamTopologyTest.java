package dev.versioned.processor.topology;

import static dev.versioned.processor.topology.StreamFixture.append;
import static dev.versioned.processor.topology.StreamFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.processor.config.StreamSettings;
import dev.versioned.processor.metrics.ProcessorMetrics;
import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appends to streams through the production topology: every rule of the expected version and of idempotency. */
class StreamTopologyTest {

    private static final String STREAM = "account-1";

    @TempDir
    Path stateDir;

    private StreamFixture fixture;

    @BeforeEach
    void start() {
        fixture = new StreamFixture(StreamFixture.settings(new StreamSettings("streams.events", 3, 4_096)), stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private StreamResult opened() {
        return fixture.decide(
                append(STREAM, ExpectedVersion.NO_STREAM, "open", event("Opened", "{\"owner\":\"ann\"}")));
    }

    @Test
    void anAppendToANewStreamGetsPositionsFromZeroAndWritesItsEventsInOrderKeyedByTheStream() {
        StreamResult result = fixture.decide(append(
                STREAM,
                ExpectedVersion.NO_STREAM,
                "k1",
                event("Opened", "{}"),
                event("Deposited", "{\"amount\":100}")));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.firstPosition()).contains(0L);
        assertThat(result.version()).contains(1L);
        List<TestRecord<String, StreamEvent>> events = fixture.events();
        assertThat(events).extracting(TestRecord::key).containsExactly(STREAM, STREAM);
        assertThat(events).extracting(r -> r.value().position()).containsExactly(0L, 1L);
        assertThat(events).extracting(r -> r.value().type()).containsExactly("Opened", "Deposited");
        assertThat(events.get(1).value().data().get("amount").intValue()).isEqualTo(100);
        assertThat(result.events().orElseThrow())
                .extracting(StreamResult.Appended::id)
                .containsExactly(
                        events.get(0).value().id(), events.get(1).value().id());
    }

    @Test
    void anAppendAtTheStreamsVersionGoesOnAfterItsLastEvent() {
        opened();
        fixture.events();

        StreamResult result =
                fixture.decide(append(STREAM, ExpectedVersion.of(0), "k2", event("Deposited", "{\"amount\":5}")));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.firstPosition()).contains(1L);
        assertThat(fixture.events()).extracting(r -> r.value().position()).containsExactly(1L);
    }

    @Test
    void aStaleExpectedVersionIsRefusedWithTheActualVersionAndTheLastEventAndWritesNothing() {
        opened();
        fixture.decide(append(STREAM, ExpectedVersion.of(0), "k2", event("Deposited", "{\"amount\":5}")));
        fixture.events();

        StreamResult result =
                fixture.decide(append(STREAM, ExpectedVersion.of(0), "k3", event("Deposited", "{\"amount\":7}")));

        assertThat(result.code()).isEqualTo(ResultCode.STREAM_VERSION_CONFLICT);
        assertThat(result.applied()).isFalse();
        assertThat(result.actualVersion()).contains(1L);
        assertThat(result.lastEvent().orElseThrow().type()).isEqualTo("Deposited");
        assertThat(result.lastEvent().orElseThrow().data().get("amount").intValue())
                .isEqualTo(5);
        assertThat(result.error()).contains("Expected version 0, stream is at version 1");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void noStreamExpectedOfAnExistingStreamIsAConflict() {
        opened();

        StreamResult result = fixture.decide(append(STREAM, ExpectedVersion.NO_STREAM, "k2", event("Opened", "{}")));

        assertThat(result.code()).isEqualTo(ResultCode.STREAM_VERSION_CONFLICT);
        assertThat(result.error()).contains("Expected version -1, stream is at version 0");
    }

    @Test
    void existsExpectedOfAMissingStreamIsAConflictWithoutAnActualVersion() {
        StreamResult result = fixture.decide(append(STREAM, ExpectedVersion.EXISTS, "k1", event("Deposited", "{}")));

        assertThat(result.code()).isEqualTo(ResultCode.STREAM_VERSION_CONFLICT);
        assertThat(result.actualVersion()).isEmpty();
        assertThat(result.lastEvent()).isEmpty();
        assertThat(result.error()).contains("Expected version exists, stream does not exist");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void existsExpectedOfAnExistingStreamAppends() {
        opened();

        StreamResult result = fixture.decide(append(STREAM, ExpectedVersion.EXISTS, "k2", event("Deposited", "{}")));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.firstPosition()).contains(1L);
    }

    @Test
    void anAppendWithoutAnExpectedVersionAlwaysAppends() {
        StreamResult first = fixture.decide(
                new dev.versioned.schemas.StreamAppend(STREAM, Optional.empty(), "k1", List.of(event("Opened", "{}"))));
        StreamResult second =
                fixture.decide(append(STREAM, ExpectedVersion.ANY, "k2", event("Deposited", "{\"amount\":1}")));

        assertThat(first.firstPosition()).contains(0L);
        assertThat(second.firstPosition()).contains(1L);
    }

    @Test
    void aRefusedMultiEventAppendWritesNoneOfItsEvents() {
        opened();
        fixture.events();

        StreamResult result = fixture.decide(append(
                STREAM,
                ExpectedVersion.of(5),
                "k2",
                event("Deposited", "{\"amount\":1}"),
                event("Deposited", "{\"amount\":2}")));

        assertThat(result.code()).isEqualTo(ResultCode.STREAM_VERSION_CONFLICT);
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aRetryWithTheSameKeyReplaysTheFirstOutcomeAndAppendsNothing() {
        StreamResult first = opened();
        fixture.events();

        StreamResult retry = opened();

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(retry.events()).isEqualTo(first.events());
        assertThat(fixture.events()).isEmpty();
        assertThat(fixture.counter(ProcessorMetrics.STREAM_OUTCOMES, "replayed"))
                .isEqualTo(1.0);
    }

    @Test
    void theSameKeyWithOtherEventsIsRefusedWithItsFirstOutcome() {
        StreamResult first = opened();
        fixture.events();

        StreamResult reused =
                fixture.decide(append(STREAM, ExpectedVersion.of(0), "open", event("Deposited", "{\"amount\":1}")));

        assertThat(reused.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reused.firstOutcome().orElseThrow().events()).isEqualTo(first.events());
        assertThat(reused.firstOutcome().orElseThrow().replayed()).isTrue();
        assertThat(reused.actualVersion()).contains(0L);
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void anAppendCarryingTheEventsOfAnEarlierAppendWithTheirIdsIsAReplayUnderAnyKey() {
        NewEvent deposit = event("Deposited", "{\"amount\":3}").withId(UUID.randomUUID());
        opened();
        StreamResult first = fixture.decide(append(STREAM, ExpectedVersion.ANY, "k-first", deposit));
        fixture.events();

        StreamResult again = fixture.decide(append(STREAM, ExpectedVersion.ANY, "k-other", deposit));

        assertThat(again.replayed()).isTrue();
        assertThat(again.events()).isEqualTo(first.events());
        assertThat(again.idempotencyKey()).as("named by the key it answers").contains("k-other");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void anEventIdTheStreamHasWithOtherEventsIsRefusedAndNothingIsAppended() {
        UUID id = UUID.randomUUID();
        opened();
        fixture.decide(append(
                STREAM,
                ExpectedVersion.ANY,
                "k-first",
                event("Deposited", "{\"amount\":3}").withId(id)));
        fixture.events();

        StreamResult result = fixture.decide(append(
                STREAM,
                ExpectedVersion.ANY,
                "k-other",
                event("Deposited", "{\"amount\":4}").withId(id)));

        assertThat(result.code()).isEqualTo(ResultCode.EVENT_ID_REUSED);
        assertThat(result.error().orElseThrow()).contains(id.toString()).contains("position 1");
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void theSameEventIdInAnotherStreamIsAnotherEvent() {
        NewEvent deposit = event("Deposited", "{\"amount\":3}").withId(UUID.randomUUID());
        fixture.decide(append(STREAM, ExpectedVersion.ANY, "k1", deposit));

        StreamResult other = fixture.decide(append("account-2", ExpectedVersion.ANY, "k1", deposit));

        assertThat(other.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(other.replayed()).isFalse();
    }

    @Test
    void anEventIdIsFreeAgainOnceTheRetentionHasPassed() {
        NewEvent deposit = event("Deposited", "{\"amount\":3}").withId(UUID.randomUUID());
        fixture.decide(append(STREAM, ExpectedVersion.ANY, "k1", deposit));
        fixture.advance(Duration.ofHours(25));

        StreamResult later = fixture.decide(append(STREAM, ExpectedVersion.ANY, "k2", deposit));

        assertThat(later.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(later.firstPosition()).contains(1L);
    }

    @Test
    void aResentAppendWithoutIdsGetsTheSameDerivedIds() {
        StreamResult first = opened();
        StreamResult resent = opened();

        assertThat(resent.events().orElseThrow().get(0).id())
                .isEqualTo(first.events().orElseThrow().get(0).id());
        assertThat(UUID.fromString(first.events().orElseThrow().get(0).id())).isNotNull();
    }

    @Test
    void anAppendOfMoreEventsThanTheLimitIsDeadLetteredAndTheStreamGoesOn() {
        StreamResult result = fixture.decide(append(
                STREAM,
                ExpectedVersion.ANY,
                "k1",
                event("A", "{}"),
                event("B", "{}"),
                event("C", "{}"),
                event("D", "{}")));

        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error().orElseThrow()).contains("at most 3 events");
        assertThat(fixture.deadLetters()).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.OVERSIZED);
        assertThat(opened().code()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    void anAppendOverTheByteLimitIsDeadLetteredOversized() {
        String big = "x".repeat(5_000);

        StreamResult result =
                fixture.decide(append(STREAM, ExpectedVersion.ANY, "k1", event("Noted", "{\"text\":\"" + big + "\"}")));

        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.stream()).contains(STREAM);
        assertThat(fixture.deadLetters()).extracting(DeadLetter::reason).containsExactly(DeadLetterReason.OVERSIZED);
    }

    @Test
    void aMalformedAppendIsDeadLetteredNamingTheMemberAndTheStreamGoesOn() {
        fixture.sendRaw(
                STREAM,
                ("{\"stream\":\"" + STREAM
                                + "\",\"idempotencyKey\":\"k1\",\"events\":[{\"type\":\"Opened\",\"data\":5}]}")
                        .getBytes(StandardCharsets.UTF_8));

        StreamResult result = fixture.onlyReply();
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error().orElseThrow()).contains("events[0].data must be a JSON object");
        assertThat(result.stream()).contains(STREAM);
        assertThat(fixture.deadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.SCHEMA_INVALID);
        assertThat(opened().code()).isEqualTo(ResultCode.APPLIED);
    }

    @Test
    void anUnknownExpectedVersionIsRefusedNamingTheAcceptedForms() {
        fixture.sendRaw(
                STREAM,
                ("{\"stream\":\"" + STREAM + "\",\"expectedVersion\":\"latest\",\"idempotencyKey\":\"k1\","
                                + "\"events\":[{\"type\":\"Opened\",\"data\":{}}]}")
                        .getBytes(StandardCharsets.UTF_8));

        StreamResult result = fixture.onlyReply();
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error().orElseThrow()).contains("\"any\" or \"exists\"");
    }

    @Test
    void anAppendKeyedByAnythingButItsStreamIsRefused() {
        fixture.sendRaw(
                "account-2",
                dev.versioned.schemas.WireSerdes.STREAM_APPEND.toBytes(
                        append(STREAM, ExpectedVersion.ANY, "k1", event("Opened", "{}"))));

        StreamResult result = fixture.onlyReply();
        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error().orElseThrow()).contains("KEY_MISMATCH").contains("stream");
        assertThat(fixture.events()).isEmpty();
    }
}
