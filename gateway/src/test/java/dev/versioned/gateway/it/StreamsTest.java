package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.OpenApiContract;
import dev.versioned.gateway.support.Scrape;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream API ({@code /v1/streams/{stream}}) over real HTTP against the real processor on the embedded broker,
 * its reads from the gateway's view of the events topic: one behaviour per test, each on a stream of its own.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StreamsTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("streams"));

    private Http http;
    private String stream;
    private String path;
    private int keys;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        stream = "account-" + UUID.randomUUID().toString().substring(0, 8);
        path = "/v1/streams/" + stream;
    }

    @Test
    @DisplayName("given no stream, when appended expecting -1, then 200 with the event at position 0 and ETag \"0\"")
    void givenNoStream_whenAppendedExpectingNoStream_thenPositionZero() {
        // when
        Http.Reply reply = append("-1", event("Opened"));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("stream").asText()).isEqualTo(stream);
        assertThat(reply.json().get("firstPosition").asLong()).isZero();
        assertThat(reply.json().get("version").asLong()).isZero();
        assertThat(reply.json().at("/events/0/position").asLong()).isZero();
        assertThat(reply.json().at("/events/0/id").asText()).hasSize(36);
        assertThat(reply.header("ETag")).contains("\"0\"");
        OpenApiContract.assertConforms(reply);
    }

    @Test
    @DisplayName("given a stream at version 0, when appended expecting 0 in the body, then the event is at position 1")
    void givenStreamAtZero_whenAppendedExpectingZero_thenPositionOne() {
        // given
        append("-1", event("Opened"));
        // when
        Http.Reply reply = append("0", event("Deposited"));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(1);
        assertThat(reply.header("ETag")).contains("\"1\"");
    }

    @Test
    @DisplayName("given a stream at version 0, when appended with If-Match: \"0\", then the event is at position 1")
    void givenStreamAtZero_whenAppendedWithIfMatch_thenPositionOne() {
        // given
        append("-1", event("Opened"));
        // when
        Http.Reply reply = http.post(
                path,
                body(null, event("Deposited")),
                Http.withKey("demo", "Idempotency-Key", key(), "If-Match", "\"0\""));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("firstPosition").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("given a stream at version 1, when appended expecting \"any\", then it is appended at position 2")
    void givenStream_whenAppendedExpectingAny_thenAppended() {
        // given
        append("-1", event("Opened"), event("Deposited"));
        // when
        Http.Reply reply = append("\"any\"", event("Withdrawn"));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("given no stream, when appended without an expected version, then it is appended as \"any\"")
    void givenNoStream_whenAppendedWithoutExpectation_thenAppended() {
        // when
        Http.Reply reply = append(null, event("Opened"));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isZero();
    }

    @Test
    @DisplayName("given a stream, when appended expecting \"exists\", then it is appended")
    void givenStream_whenAppendedExpectingExists_thenAppended() {
        // given
        append("-1", event("Opened"));
        // when
        Http.Reply reply = append("\"exists\"", event("Deposited"));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("given no stream, when appended expecting \"exists\", then 409 saying the stream does not exist,"
            + " actual null")
    void givenNoStream_whenAppendedExpectingExists_thenConflictWithoutStream() {
        // when
        Http.Reply reply = append("\"exists\"", event("Deposited"));
        // then
        assertProblem(reply, 409, "STREAM_VERSION_CONFLICT");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Expected version exists, stream does not exist");
        assertThat(reply.json().get("expected").asText()).isEqualTo("exists");
        assertThat(reply.json().get("actual").isNull()).isTrue();
        assertThat(reply.json().has("lastEvent")).isFalse();
        assertThat(reply.header("ETag")).isEmpty();
    }

    @Test
    @DisplayName("given a stream at version 3, when appended expecting 2, then 409 exactly: the detail, expected,"
            + " actual and the last event")
    void givenStreamAtThree_whenAppendedExpectingTwo_thenExactConflict() {
        // given
        append("-1", event("Opened"), event("Deposited"), event("Deposited"), event("Withdrawn"));
        // when
        Http.Reply reply = append("2", event("Deposited"));
        // then
        assertProblem(reply, 409, "STREAM_VERSION_CONFLICT");
        assertThat(reply.json().get("type").asText())
                .isEqualTo("https://versioned.dev/problems/stream-version-conflict");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Expected version 2, stream is at version 3");
        assertThat(reply.json().get("expected").asLong()).isEqualTo(2);
        assertThat(reply.json().get("actual").asLong()).isEqualTo(3);
        assertThat(reply.json().at("/lastEvent/position").asLong()).isEqualTo(3);
        assertThat(reply.json().at("/lastEvent/type").asText()).isEqualTo("Withdrawn");
        assertThat(reply.header("ETag")).contains("\"3\"");
    }

    @Test
    @DisplayName("given a stream, when appended expecting -1, then 409 naming -1 and the stream's version")
    void givenStream_whenAppendedExpectingNoStream_thenConflict() {
        // given
        append("-1", event("Opened"));
        // when
        Http.Reply reply = append("-1", event("Opened"));
        // then
        assertProblem(reply, 409, "STREAM_VERSION_CONFLICT");
        assertThat(reply.json().get("detail").asText()).isEqualTo("Expected version -1, stream is at version 0");
        assertThat(reply.json().get("expected").asLong()).isEqualTo(-1);
    }

    @Test
    @DisplayName("given three events in one append, when appended, then they take consecutive positions 0..2 and"
            + " are read back in order")
    void givenThreeEvents_whenAppended_thenConsecutivePositions() {
        // when
        Http.Reply reply = append("-1", event("Opened"), event("Deposited"), event("Withdrawn"));
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(positions(reply.json().get("events"))).containsExactly(0L, 1L, 2L);
        Http.Reply read = http.get(path + "?minVersion=2", "X-API-Key", "demo");
        assertThat(types(read.json().get("events"))).containsExactly("Opened", "Deposited", "Withdrawn");
    }

    @Test
    @DisplayName("given a stream at version 0, when a three-event append conflicts, then none of its events is"
            + " appended")
    void givenConflictingMultiEventAppend_whenRefused_thenNothingAppended() {
        // given
        append("-1", event("Opened"));
        // when
        Http.Reply refused = append("5", event("A"), event("B"), event("C"));
        Http.Reply after = append("0", event("D"));
        // then
        assertThat(refused.status()).isEqualTo(409);
        assertThat(after.json().get("version").asLong()).isEqualTo(1);
        Http.Reply read = http.get(path + "?minVersion=1", "X-API-Key", "demo");
        assertThat(types(read.json().get("events"))).containsExactly("Opened", "D");
    }

    @Test
    @DisplayName("given an applied append, when resent with the same key, then the first outcome with"
            + " Idempotent-Replayed: true and nothing appended again")
    void givenAppliedAppend_whenRetried_thenReplayed() {
        // given
        String key = key();
        String body = body("-1", event("Opened"), event("Deposited"));
        Http.Reply first = http.post(path, body, Http.withKey("demo", "Idempotency-Key", key));
        // when
        Http.Reply retry = http.post(path, body, Http.withKey("demo", "Idempotency-Key", key));
        // then
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(retry.json().get("events")).isEqualTo(first.json().get("events"));
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(append("1", event("Withdrawn")).json().get("version").asLong())
                .isEqualTo(2);
    }

    @Test
    @DisplayName("given an applied append, when its key is reused with other events, then 422 IDEMPOTENCY_KEY_REUSED"
            + " with the first outcome")
    void givenAppliedAppend_whenKeyReusedWithOtherEvents_thenKeyReused() {
        // given
        String key = key();
        http.post(path, body("-1", event("Opened")), Http.withKey("demo", "Idempotency-Key", key));
        // when
        Http.Reply reply = http.post(path, body("0", event("Deposited")), Http.withKey("demo", "Idempotency-Key", key));
        // then
        assertProblem(reply, 422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(reply.json().at("/firstOutcome/applied").asBoolean()).isTrue();
        assertThat(reply.json().at("/firstOutcome/version").asLong()).isZero();
    }

    @Test
    @DisplayName("given an event id the stream has, when another append carries it with other data, then 422"
            + " EVENT_ID_REUSED and nothing appended")
    void givenEventIdInStream_whenReusedWithOtherData_thenEventIdReused() {
        // given
        String id = UUID.randomUUID().toString();
        append("-1", eventWithId("Opened", id, 1));
        // when
        Http.Reply reply = append("0", eventWithId("Deposited", id, 2));
        // then
        assertProblem(reply, 422, "EVENT_ID_REUSED");
        assertThat(append("0", event("Deposited")).json().get("version").asLong())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("given an append with event ids, when the same events are sent under another key, then it is"
            + " replayed, not appended twice")
    void givenAppendWithIds_whenSameEventsUnderAnotherKey_thenReplayed() {
        // given
        String id = UUID.randomUUID().toString();
        Http.Reply first = append("-1", eventWithId("Opened", id, 1));
        // when
        Http.Reply again = append("-1", eventWithId("Opened", id, 1));
        // then
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(again.json().get("events")).isEqualTo(first.json().get("events"));
    }

    @Test
    @DisplayName("given an event without a type, when appended, then 400 INVALID_REQUEST naming events[0].type")
    void givenEventWithoutType_whenAppended_thenInvalidNamingMember() {
        // when
        Http.Reply reply = append("-1", "{\"data\":{}}");
        // then
        assertProblem(reply, 400, "INVALID_REQUEST");
        assertThat(reply.json().get("detail").asText()).isEqualTo("events[0].type is required");
    }

    @Test
    @DisplayName("given a body naming another stream than the path, when appended, then 400 naming stream")
    void givenBodyNamingOtherStream_whenAppended_thenInvalid() {
        // when
        Http.Reply reply = http.post(
                path,
                "{\"stream\":\"account-other\",\"events\":[" + event("A") + "]}",
                Http.withKey("demo", "Idempotency-Key", key()));
        // then
        assertProblem(reply, 400, "INVALID_REQUEST");
        assertThat(reply.json().get("detail").asText()).startsWith("stream in the body");
    }

    @Test
    @DisplayName("given 101 events, when appended, then 413 PAYLOAD_TOO_LARGE naming maxEvents 100")
    void givenTooManyEvents_whenAppended_thenPayloadTooLarge() {
        // when
        Http.Reply reply =
                append("-1", IntStream.range(0, 101).mapToObj(i -> event("E")).toArray(String[]::new));
        // then
        assertProblem(reply, 413, "PAYLOAD_TOO_LARGE");
        assertThat(reply.json().get("maxEvents").asInt()).isEqualTo(100);
        assertThat(version()).isEmpty();
    }

    @Test
    @DisplayName("given an append over 262144 bytes, when appended, then 413 PAYLOAD_TOO_LARGE naming maxAppendBytes")
    void givenTooManyBytes_whenAppended_thenPayloadTooLarge() {
        // when
        Http.Reply reply = append("-1", "{\"type\":\"Big\",\"data\":{\"text\":\"" + "x".repeat(270_000) + "\"}}");
        // then
        assertProblem(reply, 413, "PAYLOAD_TOO_LARGE");
        assertThat(reply.json().get("maxAppendBytes").asInt()).isEqualTo(262_144);
    }

    @Test
    @DisplayName("given no API key, when appended, then 401")
    void givenNoKey_whenAppended_thenUnauthorized() {
        // when
        Http.Reply reply = http.post(path, body("-1", event("A")), "Idempotency-Key", key());
        // then
        assertProblem(reply, 401, "UNAUTHORIZED");
    }

    @Test
    @DisplayName("given a key of category account, when a stream of category order is appended to or read, then 403")
    void givenKeyOfOtherCategory_whenAppendedOrRead_thenForbidden() {
        // given
        String order = "/v1/streams/order-" + UUID.randomUUID().toString().substring(0, 8);
        // when
        Http.Reply appended =
                http.post(order, body("-1", event("Placed")), Http.withKey("demo", "Idempotency-Key", key()));
        Http.Reply read = http.get(order, "X-API-Key", "demo");
        Http.Reply noCategories = http.get(path + "/version", "X-API-Key", "store-2-only");
        // then
        assertProblem(appended, 403, "FORBIDDEN");
        assertProblem(read, 403, "FORBIDDEN");
        assertProblem(noCategories, 403, "FORBIDDEN");
        assertThat(http.post(order, body("-1", event("Placed")), Http.withKey("all-stores", "Idempotency-Key", key()))
                        .status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("given 5 events, when read forward 2 at a time, then pages [0,1], [2,3], [4] linked by next")
    void givenFiveEvents_whenReadForwardInPages_thenLinkedPages() {
        // given
        append("-1", event("E0"), event("E1"), event("E2"), event("E3"), event("E4"));
        // when
        List<List<Long>> pages = pages(path + "?limit=2&minVersion=4");
        // then
        assertThat(pages).containsExactly(List.of(0L, 1L), List.of(2L, 3L), List.of(4L));
    }

    @Test
    @DisplayName("given 5 events, when read backward 2 at a time, then pages [4,3], [2,1], [0] linked by next")
    void givenFiveEvents_whenReadBackwardInPages_thenLinkedPages() {
        // given
        append("-1", event("E0"), event("E1"), event("E2"), event("E3"), event("E4"));
        // when
        List<List<Long>> pages = pages(path + "?limit=2&direction=backward&minVersion=4");
        // then
        assertThat(pages).containsExactly(List.of(4L, 3L), List.of(2L, 1L), List.of(0L));
    }

    @Test
    @DisplayName("given a read page, when its events are looked at, then each has id, type, position, data,"
            + " metadata, time and globalPosition")
    void givenReadPage_whenLookedAt_thenEveryMemberThere() {
        // given
        append("-1", "{\"type\":\"Opened\",\"data\":{\"owner\":\"Ada\"},\"metadata\":{\"user\":\"u-1\"}}");
        // when
        Http.Reply read = http.get(path + "?minVersion=0", "X-API-Key", "demo");
        // then
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("stream").asText()).isEqualTo(stream);
        assertThat(read.json().get("version").asLong()).isZero();
        assertThat(read.json().has("next")).isFalse();
        JsonNode event = read.json().at("/events/0");
        assertThat(event.get("id").asText()).hasSize(36);
        assertThat(event.get("type").asText()).isEqualTo("Opened");
        assertThat(event.get("position").asLong()).isZero();
        assertThat(event.at("/data/owner").asText()).isEqualTo("Ada");
        assertThat(event.at("/metadata/user").asText()).isEqualTo("u-1");
        assertThat(event.get("time").asText()).isNotBlank();
        assertThat(event.get("globalPosition").asText()).matches("[0-9]+@[0-9]+");
        assertThat(read.header("ETag")).contains("\"0\"");
        OpenApiContract.assertConforms(read);
    }

    @Test
    @DisplayName("given an append just answered, when read with minVersion of its version, then the read shows it")
    void givenAppendJustAnswered_whenReadWithMinVersion_thenSeen() {
        // given
        append("-1", event("Opened"));
        long version = append("0", event("Deposited")).json().get("version").asLong();
        // when
        Http.Reply read = http.get(path + "?minVersion=" + version, "X-API-Key", "demo");
        // then
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("version").asLong()).isEqualTo(version);
        assertThat(types(read.json().get("events"))).containsExactly("Opened", "Deposited");
    }

    @Test
    @DisplayName("given no stream, when read with a minVersion, then 504 VERSION_NOT_VISIBLE")
    void givenNoStream_whenReadWithMinVersion_thenNotVisible() {
        // when
        Http.Reply read = http.get(path + "?minVersion=0", "X-API-Key", "demo");
        // then
        assertProblem(read, 504, "VERSION_NOT_VISIBLE");
        assertThat(read.header("Retry-After")).contains("1");
    }

    @Test
    @DisplayName("given no stream, when its version is read, then 200 with version null and no ETag")
    void givenNoStream_whenVersionRead_thenNull() {
        // when
        Http.Reply reply = http.get(path + "/version", "X-API-Key", "demo");
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("stream").asText()).isEqualTo(stream);
        assertThat(reply.json().get("version").isNull()).isTrue();
        assertThat(reply.header("ETag")).isEmpty();
        OpenApiContract.assertConforms(reply);
    }

    @Test
    @DisplayName("given a stream at version 1, when its version is read, then 1 with ETag \"1\"")
    void givenStream_whenVersionRead_thenVersionAndETag() {
        // given
        append("-1", event("Opened"), event("Deposited"));
        // when
        await("the view holds version 1")
                .atMost(Duration.ofSeconds(10))
                .until(() -> version().orElse(-1L) == 1);
        Http.Reply reply = http.get(path + "/version", "X-API-Key", "demo");
        // then
        assertThat(reply.json().get("version").asLong()).isEqualTo(1);
        assertThat(reply.header("ETag")).contains("\"1\"");
        OpenApiContract.assertConforms(reply);
    }

    @Test
    @DisplayName("given no stream, when read, then 404 NOT_FOUND")
    void givenNoStream_whenRead_thenNotFound() {
        // when
        Http.Reply reply = http.get(path, "X-API-Key", "demo");
        // then
        assertProblem(reply, 404, "NOT_FOUND");
    }

    @Test
    @DisplayName("given stream requests, when scraped, then they count by operation, outcome and status, and the"
            + " stream view's lag and health are published")
    void givenStreamRequests_whenScraped_thenCountedByOperationAndOutcome() {
        // given
        double applied = streamRequests("append", "applied", "200");
        double conflicts = streamRequests("append", "stream_version_conflict", "409");
        double reads = streamRequests("read", "ok", "200");
        double missing = streamRequests("read", "not_found", "404");
        // when
        append("-1", event("Opened"));
        append("5", event("Deposited"));
        http.get(path + "?minVersion=0", "X-API-Key", "demo");
        http.get("/v1/streams/account-never-" + stream, "X-API-Key", "demo");
        // then
        assertThat(streamRequests("append", "applied", "200")).isEqualTo(applied + 1);
        assertThat(streamRequests("append", "stream_version_conflict", "409")).isEqualTo(conflicts + 1);
        assertThat(streamRequests("read", "ok", "200")).isEqualTo(reads + 1);
        assertThat(streamRequests("read", "not_found", "404")).isEqualTo(missing + 1);
        assertThat(scrape().value("gateway_stream_view_lag_records")).isPresent();
        Http.Reply health = new Http(APP.getAdminPort()).get("/healthcheck");
        assertThat(health.json().at("/stream-view/healthy").asBoolean())
                .as(health.body())
                .isTrue();
    }

    private double streamRequests(String operation, String outcome, String status) {
        return scrape().value(
                        "gateway_stream_requests_total", "operation", operation, "outcome", outcome, "status", status)
                .orElse(-1);
    }

    private static Scrape scrape() {
        return Scrape.of(new Http(APP.getAdminPort()).get("/prometheus"));
    }

    private java.util.Optional<Long> version() {
        JsonNode version =
                http.get(path + "/version", "X-API-Key", "demo").json().get("version");
        return version.isNull() ? java.util.Optional.empty() : java.util.Optional.of(version.asLong());
    }

    /** Follows {@code next} from {@code first} to the last page: each page's positions. */
    private List<List<Long>> pages(String first) {
        List<List<Long>> pages = new ArrayList<>();
        String next = first;
        while (next != null && pages.size() < 10) {
            Http.Reply page = http.get(next, "X-API-Key", "demo");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            OpenApiContract.assertConforms(page);
            pages.add(positions(page.json().get("events")));
            next = page.json().has("next") ? page.json().get("next").asText() : null;
        }
        return pages;
    }

    private Http.Reply append(String expectedVersion, String... events) {
        return http.post(path, body(expectedVersion, events), Http.withKey("demo", "Idempotency-Key", key()));
    }

    private static String body(String expectedVersion, String... events) {
        return "{" + (expectedVersion == null ? "" : "\"expectedVersion\":" + expectedVersion + ",") + "\"events\":["
                + String.join(",", events) + "]}";
    }

    private String key() {
        return stream + "-k" + keys++;
    }

    private static String event(String type) {
        return "{\"type\":\"" + type + "\",\"data\":{\"amount\":1}}";
    }

    private static String eventWithId(String type, String id, int amount) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + type + "\",\"data\":{\"amount\":" + amount + "}}";
    }

    private static List<Long> positions(JsonNode events) {
        List<Long> positions = new ArrayList<>();
        events.forEach(e -> positions.add(e.get("position").asLong()));
        return positions;
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        return types;
    }

    private static void assertProblem(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(reply.json().get("code").asText()).as(reply.body()).isEqualTo(code);
        OpenApiContract.assertConforms(reply);
    }
}
