package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link StreamsClient} against a local HTTP server with the gateway's answers canned: what it sends, and what it
 * makes of each answer.
 */
class StreamsClientOverHttpTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String JSON = "application/json";

    private final CannedServer server = new CannedServer();
    private final FakeClock clock = new FakeClock();

    private StreamsClient client() {
        return server.client(RetryPolicy.builder()
                        .clock(clock)
                        .jitter(() -> 0.5)
                        .deadline(Duration.ofSeconds(30))
                        .build())
                .buildStreams();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void answer(int status, String type, String body) {
        server.answers.add(new CannedServer.Canned(status, type, body));
    }

    private static List<NewEvent> deposit(long amount) {
        return List.of(
                NewEvent.of("Deposited", WireFormat.mapper().createObjectNode().put("amount", amount)));
    }

    @Test
    @DisplayName("an append posts the expectation, the key and the events, and reads the positions of a 200")
    void appendPostsAndReadsPositions() throws Exception {
        answer(
                200,
                JSON,
                "{\"stream\":\"account-1\",\"firstPosition\":3,\"version\":3,"
                        + "\"events\":[{\"id\":\"a1b2c3d4-0000-0000-0000-000000000001\",\"position\":3}]}");

        Appended appended = client().append("account-1", ExpectedVersion.of(2), deposit(5), "dep-1");

        assertThat(appended.positions()).containsExactly(3L);
        assertThat(appended.version()).isEqualTo(3L);
        assertThat(appended.replayed()).isFalse();
        assertThat(server.requests).containsExactly("POST /v1/streams/account-1 dep-1");
        assertThat(WireFormat.mapper().readTree(server.bodies.peek()))
                .isEqualTo(WireFormat.mapper()
                        .readTree("{\"expectedVersion\":2,\"idempotencyKey\":\"dep-1\","
                                + "\"events\":[{\"type\":\"Deposited\",\"data\":{\"amount\":5}}]}"));
    }

    @Test
    @DisplayName("a 409 is StreamVersionConflict with expected, actual and the last event")
    void conflict() {
        answer(
                409,
                PROBLEM,
                "{\"type\":\"about:blank\",\"status\":409,\"code\":\"STREAM_VERSION_CONFLICT\","
                        + "\"detail\":\"Expected version 2, stream is at version 3\",\"applied\":false,"
                        + "\"expected\":2,\"actual\":3,\"lastEvent\":{\"stream\":\"account-1\",\"position\":3,"
                        + "\"id\":\"e-3\",\"type\":\"Withdrawn\",\"data\":{\"amount\":1},\"time\":\"2026-01-01T00:00:00Z\"}}");

        assertThatThrownBy(() -> client().append("account-1", ExpectedVersion.of(2), deposit(5), "dep-2"))
                .isInstanceOfSatisfying(StreamVersionConflict.class, e -> {
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.of(2));
                    assertThat(e.actual()).contains(3L);
                    assertThat(e.lastEvent()).hasValueSatisfying(last -> {
                        assertThat(last.position()).isEqualTo(3L);
                        assertThat(last.type()).isEqualTo("Withdrawn");
                        assertThat(last.data().path("amount").asLong()).isEqualTo(1L);
                    });
                });
    }

    @Test
    @DisplayName("a 409 on a stream that does not exist has no actual version")
    void conflictWithoutStream() {
        answer(
                409,
                PROBLEM,
                "{\"code\":\"STREAM_VERSION_CONFLICT\",\"applied\":false,\"expected\":\"exists\","
                        + "\"actual\":null}");

        assertThatThrownBy(() -> client().append("account-1", ExpectedVersion.EXISTS, deposit(5), "dep-3"))
                .isInstanceOfSatisfying(StreamVersionConflict.class, e -> {
                    assertThat(e.expected()).isEqualTo(ExpectedVersion.EXISTS);
                    assertThat(e.actual()).isEmpty();
                    assertThat(e.lastEvent()).isEmpty();
                });
    }

    @Test
    @DisplayName("a 422 IDEMPOTENCY_KEY_REUSED carries the key's first outcome; a 422 EVENT_ID_REUSED is EventIdReused")
    void reusedKeyAndEventId() {
        answer(
                422,
                PROBLEM,
                "{\"code\":\"IDEMPOTENCY_KEY_REUSED\",\"applied\":false,\"detail\":\"reused\","
                        + "\"firstOutcome\":{\"stream\":\"account-1\",\"idempotencyKey\":\"dep-4\",\"applied\":true,"
                        + "\"code\":\"APPLIED\",\"replayed\":true,\"firstPosition\":0,\"version\":0,"
                        + "\"events\":[{\"id\":\"e-0\",\"position\":0}]}}");
        answer(422, PROBLEM, "{\"code\":\"EVENT_ID_REUSED\",\"applied\":false,\"detail\":\"event id e-0\"}");
        Streams streams = client();

        assertThatThrownBy(() -> streams.append("account-1", ExpectedVersion.ANY, deposit(5), "dep-4"))
                .isInstanceOfSatisfying(
                        IdempotencyKeyReused.class,
                        e -> assertThat(e.firstOutcome())
                                .hasValueSatisfying(first -> assertThat(((StreamResult) first).events())
                                        .contains(List.of(new StreamResult.Appended("e-0", 0)))));
        assertThatThrownBy(() -> streams.append("account-1", ExpectedVersion.ANY, deposit(5), "dep-5"))
                .isInstanceOf(EventIdReused.class)
                .hasMessageContaining("event id e-0");
    }

    @Test
    @DisplayName("a 504 is resent with the same key, and the replay's 200 is the outcome, marked replayed")
    void unknownIsResent() {
        answer(504, PROBLEM, "{\"code\":\"OUTCOME_UNKNOWN\",\"detail\":\"no decision in time\"}");
        server.answers.add(
                new CannedServer.Canned(
                        200,
                        JSON,
                        "{\"stream\":\"account-1\",\"firstPosition\":0,\"version\":0,\"events\":[{\"id\":\"e\",\"position\":0}]}"));

        Appended appended = client().append("account-1", ExpectedVersion.NO_STREAM, deposit(5), "dep-6");

        assertThat(server.requests)
                .containsExactly("POST /v1/streams/account-1 dep-6", "POST /v1/streams/account-1 dep-6");
        assertThat(appended.resends()).isEqualTo(1);
    }

    @Test
    @DisplayName("a 413 is Invalid, not retried; an append breaking the contract is not sent")
    void tooLargeAndMalformed() {
        answer(413, PROBLEM, "{\"code\":\"PAYLOAD_TOO_LARGE\",\"detail\":\"more than 100 events\"}");
        Streams streams = client();

        assertThatThrownBy(() -> streams.append("account-1", ExpectedVersion.ANY, deposit(5), "dep-7"))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThatThrownBy(() -> streams.append("-bad", ExpectedVersion.ANY, deposit(5), "dep-8"))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(server.requests).hasSize(1);
    }

    @Test
    @DisplayName("a read asks from, limit, direction and minVersion, and follows the next link page by page")
    void readFollowsNext() {
        answer(200, JSON, page(0, 1, "/v1/streams/account-1?from=2&limit=2&direction=forward"));
        answer(200, JSON, page(2, 2, null));

        Iterator<StreamEvent> events = client().events("account-1", 0, Streams.Direction.FORWARD, 2);
        List<Long> positions = new ArrayList<>();
        events.forEachRemaining(event -> positions.add(event.position()));

        assertThat(positions).containsExactly(0L, 1L, 2L);
        assertThat(server.uris)
                .containsExactly(
                        "/v1/streams/account-1?limit=2&direction=forward&from=0",
                        "/v1/streams/account-1?limit=2&direction=forward&from=2");
    }

    @Test
    @DisplayName("a read with minVersion passes it on; a backward read from the end leaves from out")
    void readParameters() {
        answer(200, JSON, page(2, 2, null));
        answer(200, JSON, page(2, 2, null));
        Streams streams = client();

        StreamPage page = streams.read("account-1", 0, 10, Streams.Direction.FORWARD, 2);
        streams.read("account-1", Streams.END, 10, Streams.Direction.BACKWARD);

        assertThat(page.version()).contains(2L);
        assertThat(page.events()).singleElement().satisfies(event -> {
            assertThat(event.stream()).isEqualTo("account-1");
            assertThat(event.globalPosition()).contains("3@42");
        });
        assertThat(server.uris)
                .containsExactly(
                        "/v1/streams/account-1?limit=10&direction=forward&from=0&minVersion=2",
                        "/v1/streams/account-1?limit=10&direction=backward");
    }

    @Test
    @DisplayName("the gateway's 404 is an empty page, a proxy's 404 page Invalid; a null version is empty")
    void noStream() {
        answer(404, PROBLEM, "{\"code\":\"NOT_FOUND\",\"detail\":\"no stream account-9\"}");
        answer(404, "text/html", "<html>not here</html>");
        answer(200, JSON, "{\"stream\":\"account-9\",\"version\":null}");
        answer(200, JSON, "{\"stream\":\"account-1\",\"version\":4}");
        Streams streams = client();

        assertThat(streams.read("account-9", 0, 10, Streams.Direction.FORWARD).version())
                .isEmpty();
        assertThatThrownBy(() -> streams.read("account-9", 0, 10, Streams.Direction.FORWARD))
                .isInstanceOf(Invalid.class);
        assertThat(streams.version("account-9")).isEmpty();
        assertThat(streams.version("account-1")).contains(4L);
    }

    @Test
    @DisplayName("a read answered 503 VIEW_NOT_READY is read again")
    void readRetried() {
        answer(503, PROBLEM, "{\"code\":\"VIEW_NOT_READY\",\"detail\":\"loading\"}");
        answer(200, JSON, page(0, 0, null));

        assertThat(client().read("account-1", 0, 10, Streams.Direction.FORWARD).events())
                .hasSize(1);
        assertThat(clock.sleeps).hasSize(1);
    }

    /** A page of the events {@code first..last} of {@code account-1}, each at global position {@code 3@(40+p)}. */
    private static String page(long first, long last, String next) {
        StringBuilder events = new StringBuilder();
        for (long p = first; p <= last; p++) {
            events.append(events.length() == 0 ? "" : ",")
                    .append("{\"id\":\"e-")
                    .append(p)
                    .append("\",\"type\":\"Deposited\",\"position\":")
                    .append(p)
                    .append(",\"data\":{\"amount\":1},\"time\":\"2026-01-01T00:00:00Z\",\"globalPosition\":\"3@")
                    .append(40 + p)
                    .append("\"}");
        }
        return "{\"stream\":\"account-1\",\"version\":" + last + ",\"events\":[" + events + "]"
                + (next == null ? "" : ",\"next\":\"" + next + "\"") + "}";
    }
}
