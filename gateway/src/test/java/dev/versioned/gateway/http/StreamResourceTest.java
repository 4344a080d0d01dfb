package dev.versioned.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.JerseyRegistrations;
import dev.versioned.gateway.auth.ApiKeyAuthenticator;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.auth.RateLimits;
import dev.versioned.gateway.config.ApiKeyConfig;
import dev.versioned.gateway.config.StreamsConfig;
import dev.versioned.gateway.kafka.StreamReader;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.gateway.support.OpenApiContract;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stream resource alone, its Kafka side and view stubbed: what the gateway refuses before sending (400 naming
 * the member, 413, 403), how it answers each decision the processor can send back, and the answers a real stack
 * gives only under faults (no decision, Kafka refusing, the pending bound full, the view loading), checked against
 * the API description.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StreamResourceTest {

    private static final AtomicReference<Function<StreamAppend, Outcome>> ANSWER = new AtomicReference<>();
    private static final List<StreamAppend> SENT = new ArrayList<>();
    private static volatile boolean viewReady = true;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-08T00:00:00Z");
    private static final String PATH = "/v1/streams/account-1";

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    private static final ResourceExtension RESOURCES = resources();

    private static ResourceExtension resources() {
        ResourceExtension.Builder builder = ResourceExtension.builder().setRegisterDefaultExceptionMappers(false);
        GatewayMetrics metrics = new GatewayMetrics(METERS);
        AuthRefusals refusals = new AuthRefusals(metrics);
        ApiKeyConfig accounts = new ApiKeyConfig("k1", "accounts-only", List.of());
        accounts.setCategories(List.of("account"));
        ApiKeyAuthFilter keys =
                ApiKeyAuthFilter.create(new ApiKeyAuthenticator(List.of(accounts)), new RateLimits(), refusals);
        JerseyRegistrations.register(
                builder::addProvider,
                keys,
                new InventoryResource(
                        (requests, timeout) -> List.of(),
                        null,
                        new RequestLimits(Duration.ofSeconds(1), Duration.ofMillis(10), 1024, 3),
                        refusals),
                metrics);
        StreamsConfig streams = new StreamsConfig();
        streams.setMaxEvents(3);
        streams.setMaxAppendBytes(2048);
        JerseyRegistrations.registerStreams(
                builder::addProvider,
                new StreamResource(
                        (append, timeout) -> {
                            synchronized (SENT) {
                                SENT.add(append);
                            }
                            return ANSWER.get().apply(append);
                        },
                        StreamReader.empty(() -> viewReady),
                        new RequestLimits(Duration.ofSeconds(1), Duration.ofMillis(10), 1024, 3),
                        streams,
                        refusals),
                metrics);
        return builder.build();
    }

    @BeforeEach
    void reset() {
        SENT.clear();
        viewReady = true;
        ANSWER.set(append -> new Outcome.Unknown("no decision arrived within 1000 ms"));
    }

    @Test
    @DisplayName("given an applied append, when answered, then 200 with its positions and the version as ETag")
    void givenApplied_whenAnswered_thenPositionsAndETag() throws IOException {
        // given
        ANSWER.set(append -> new Outcome.StreamDecided(StreamResult.appended(
                append,
                Optional.empty(),
                4,
                List.of(
                        new StreamResult.Appended(append.eventId(0), 4),
                        new StreamResult.Appended(append.eventId(1), 5)),
                AT)));
        // when
        Reply reply = post("{\"expectedVersion\":3,\"events\":[" + event("A") + "," + event("B") + "]}");
        // then
        assertThat(reply.status).as(reply.text).isEqualTo(200);
        assertThat(reply.json.get("stream").asText()).isEqualTo("account-1");
        assertThat(reply.json.get("firstPosition").asLong()).isEqualTo(4);
        assertThat(reply.json.get("version").asLong()).isEqualTo(5);
        assertThat(reply.json.at("/events/1/position").asLong()).isEqualTo(5);
        assertThat(reply.json.at("/events/0/id").asText()).isEqualTo(SENT.get(0).eventId(0));
        assertThat(reply.response.getHeaderString("ETag")).isEqualTo("\"5\"");
        assertThat(reply.response.getHeaderString("Idempotent-Replayed")).isNull();
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given a conflict with a stream at version 3, when answered, then 409 with the exact detail,"
            + " expected, actual and lastEvent")
    void givenConflict_whenAnswered_thenExactProblem() throws IOException {
        // given
        ANSWER.set(append -> new Outcome.StreamDecided(StreamResult.refused(
                append,
                Optional.empty(),
                ResultCode.STREAM_VERSION_CONFLICT,
                "the stream is at version 3",
                Optional.of(3L),
                Optional.of(stored(3)),
                Optional.empty(),
                AT)));
        // when
        Reply reply = post("{\"expectedVersion\":2,\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(409);
        assertThat(reply.response.getMediaType().toString()).startsWith("application/problem+json");
        assertThat(reply.json.get("code").asText()).isEqualTo("STREAM_VERSION_CONFLICT");
        assertThat(reply.json.get("detail").asText()).isEqualTo("Expected version 2, stream is at version 3");
        assertThat(reply.json.get("expected").asLong()).isEqualTo(2);
        assertThat(reply.json.get("actual").asLong()).isEqualTo(3);
        assertThat(reply.json.at("/lastEvent/position").asLong()).isEqualTo(3);
        assertThat(reply.response.getHeaderString("ETag")).isEqualTo("\"3\"");
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given a conflict on a stream that does not exist, when answered, then actual is null and the detail"
            + " says so with the wire word")
    void givenConflictWithoutStream_whenAnswered_thenActualNull() throws IOException {
        // given
        ANSWER.set(append -> new Outcome.StreamDecided(StreamResult.refused(
                append,
                Optional.empty(),
                ResultCode.STREAM_VERSION_CONFLICT,
                "no stream",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                AT)));
        // when
        Reply reply = post("{\"expectedVersion\":\"exists\",\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(409);
        assertThat(reply.json.get("detail").asText()).isEqualTo("Expected version exists, stream does not exist");
        assertThat(reply.json.get("expected").asText()).isEqualTo("exists");
        assertThat(reply.json.get("actual").isNull()).isTrue();
        assertThat(reply.json.has("lastEvent")).isFalse();
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given a reused key, when answered, then 422 IDEMPOTENCY_KEY_REUSED with the first outcome")
    void givenReusedKey_whenAnswered_thenUnprocessableWithFirstOutcome() throws IOException {
        // given
        ANSWER.set(append -> {
            StreamResult first = StreamResult.appended(
                    append, Optional.empty(), 0, List.of(new StreamResult.Appended(append.eventId(0), 0)), AT);
            return new Outcome.StreamDecided(StreamResult.refused(
                    append,
                    Optional.empty(),
                    ResultCode.IDEMPOTENCY_KEY_REUSED,
                    "the key was used for another append",
                    Optional.of(0L),
                    Optional.empty(),
                    Optional.of(first),
                    AT));
        });
        // when
        Reply reply = post("{\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(422);
        assertThat(reply.json.get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(reply.json.at("/firstOutcome/applied").asBoolean()).isTrue();
        assertThat(reply.json.at("/firstOutcome/replayed").asBoolean()).isTrue();
        reply.assertConforms("POST");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no events | {\"idempotencyKey\":\"key-1\"} | events is required",
                "empty events | {\"events\":[]} | events is required",
                "events not an array | {\"events\":{}} | events must be an array",
                "an event not an object | {\"events\":[7]} | events[0] must be a JSON object",
                "no type | {\"events\":[{\"data\":{}}]} | events[0].type is required",
                "bad type | {\"events\":[{\"type\":\"a b\",\"data\":{}}]} | events[0].type must be",
                "no data | {\"events\":[{\"type\":\"A\"}]} | events[0].data is required",
                "data not an object | {\"events\":[{\"type\":\"A\",\"data\":[1]}]} | events[0].data must be a JSON object",
                "metadata not an object | {\"events\":[{\"type\":\"A\",\"data\":{},\"metadata\":1}]} | events[0].metadata",
                "id not a UUID | {\"events\":[{\"type\":\"A\",\"data\":{},\"id\":\"x\"}]} | events[0].id must be a UUID",
                "expectedVersion -2 | {\"expectedVersion\":-2,\"events\":[{\"type\":\"A\",\"data\":{}}]} | expectedVersion",
                "expectedVersion word | {\"expectedVersion\":\"some\",\"events\":[{\"type\":\"A\",\"data\":{}}]} | expectedVersion",
                "another stream | {\"stream\":\"account-2\",\"events\":[{\"type\":\"A\",\"data\":{}}]} | stream in the body",
                "not JSON | {\"events\": | not valid JSON",
                "not an object | [1,2] | must be a JSON object",
            })
    @DisplayName("given a malformed append, when posted, then 400 INVALID_REQUEST naming the member, nothing sent")
    void givenMalformedAppend_whenPosted_thenInvalidNamingMember(String name, String body, String message)
            throws IOException {
        // when
        Reply reply = post(body);
        // then
        assertThat(reply.status).as(reply.text).isEqualTo(400);
        assertThat(reply.json.get("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(reply.json.get("detail").asText()).contains(message);
        assertThat(SENT).isEmpty();
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given no idempotency key in body or header, when posted, then 400 naming idempotencyKey")
    void givenNoKey_whenPosted_thenInvalid() throws IOException {
        // when
        Reply reply = send(PATH, "{\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("detail").asText()).contains("idempotencyKey is required");
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("given an invalid stream name in the path, when posted, then 400 naming stream")
    void givenInvalidStreamName_whenPosted_thenInvalid() throws IOException {
        // when
        Reply reply = send("/v1/streams/-account", "{\"events\":[" + event("A") + "]}", "Idempotency-Key", "k");
        // then
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("detail").asText()).startsWith("stream must be");
    }

    @Test
    @DisplayName("given body and header keys that differ, when posted, then 400, nothing sent")
    void givenDisagreeingKeys_whenPosted_thenInvalid() throws IOException {
        // when
        Reply reply = post("{\"idempotencyKey\":\"other\",\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("detail").asText()).contains("idempotencyKey");
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("given If-Match and a body expectedVersion that differ, when posted, then 400, nothing sent")
    void givenDisagreeingVersions_whenPosted_thenInvalid() throws IOException {
        // when
        Reply reply = post("{\"expectedVersion\":2,\"events\":[" + event("A") + "]}", "If-Match", "\"3\"");
        // then
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("detail").asText()).contains("expectedVersion");
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("given If-Match and a body expectedVersion that agree, when posted, then the append is sent with it")
    void givenAgreeingVersions_whenPosted_thenSent() throws IOException {
        // when
        post("{\"expectedVersion\":3,\"events\":[" + event("A") + "]}", "If-Match", "\"3\"");
        // then
        assertThat(SENT).singleElement().satisfies(a -> assertThat(a.expected()).isEqualTo(ExpectedVersion.of(3)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {"If-Match | \"7\" | 7", "If-Match | * | exists", "If-None-Match | * | -1"})
    @DisplayName("given a conditional header, when posted, then the append expects what it says")
    void givenConditionalHeader_whenPosted_thenExpectation(String header, String value, String expected)
            throws IOException {
        // when
        post("{\"events\":[" + event("A") + "]}", header, value);
        // then
        assertThat(SENT)
                .singleElement()
                .satisfies(a -> assertThat(a.expected().text()).isEqualTo(expected));
    }

    @Test
    @DisplayName("given a weak If-Match, when posted, then 412 PRECONDITION_FAILED, nothing sent")
    void givenWeakIfMatch_whenPosted_thenPreconditionFailed() throws IOException {
        // when
        Reply reply = post("{\"events\":[" + event("A") + "]}", "If-Match", "W/\"3\"");
        // then
        assertThat(reply.status).isEqualTo(412);
        assertThat(SENT).isEmpty();
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given more events than maxEvents, when posted, then 413 naming the limits, nothing sent")
    void givenTooManyEvents_whenPosted_thenPayloadTooLarge() throws IOException {
        // when
        Reply reply = post(
                "{\"events\":[" + String.join(",", List.of(event("A"), event("B"), event("C"), event("D"))) + "]}");
        // then
        assertThat(reply.status).isEqualTo(413);
        assertThat(reply.json.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(reply.json.get("maxEvents").asInt()).isEqualTo(3);
        assertThat(reply.json.get("detail").asText()).contains("4 events");
        assertThat(SENT).isEmpty();
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given an append larger than maxAppendBytes as sent, when posted, then 413, nothing sent")
    void givenTooManyBytes_whenPosted_thenPayloadTooLarge() throws IOException {
        // when
        Reply reply = post("{\"events\":[{\"type\":\"A\",\"data\":{\"text\":\"" + "x".repeat(3000) + "\"}}]}");
        // then
        assertThat(reply.status).isEqualTo(413);
        assertThat(reply.json.get("maxAppendBytes").asInt()).isEqualTo(2048);
        assertThat(SENT).isEmpty();
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given a stream of a category outside the key's, when posted, then 403, nothing sent")
    void givenOtherCategory_whenPosted_thenForbidden() throws IOException {
        // when
        Reply reply = send("/v1/streams/order-1", "{\"events\":[" + event("A") + "]}", "Idempotency-Key", "k");
        // then
        assertThat(reply.status).isEqualTo(403);
        assertThat(reply.json.get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(SENT).isEmpty();
    }

    @Test
    @DisplayName("given no decision in time, when posted, then 504 OUTCOME_UNKNOWN naming the stream and key")
    void givenNoDecision_whenPosted_thenOutcomeUnknown() throws IOException {
        // when
        Reply reply = post("{\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(504);
        assertThat(reply.json.get("stream").asText()).isEqualTo("account-1");
        assertThat(reply.json.get("idempotencyKey").asText()).isEqualTo("key-1");
        assertThat(reply.response.getHeaderString("Retry-After")).isEqualTo("1");
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given Kafka refusing the send, when posted, then 503 KAFKA_UNAVAILABLE")
    void givenKafkaRefusing_whenPosted_thenKafkaUnavailable() throws IOException {
        // given
        ANSWER.set(append -> new Outcome.NotWritten("Kafka did not accept the request: TimeoutException"));
        // when
        Reply reply = post("{\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(503);
        assertThat(reply.json.get("code").asText()).isEqualTo("KAFKA_UNAVAILABLE");
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given the pending bound full, when posted, then 429 OVERLOADED")
    void givenPendingBoundFull_whenPosted_thenOverloaded() throws IOException {
        // given
        ANSWER.set(append -> new Outcome.Shed("too many requests are waiting for a reply (limit 1)"));
        // when
        Reply reply = post("{\"events\":[" + event("A") + "]}");
        // then
        assertThat(reply.status).isEqualTo(429);
        reply.assertConforms("POST");
    }

    @Test
    @DisplayName("given the stream view still loading, when a stream is read, then 503 VIEW_NOT_READY")
    void givenViewLoading_whenRead_thenViewNotReady() throws IOException {
        // given
        viewReady = false;
        // when
        Reply reply = get(PATH);
        // then
        assertThat(reply.status).isEqualTo(503);
        assertThat(reply.json.get("code").asText()).isEqualTo("VIEW_NOT_READY");
        reply.assertConforms("GET");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"from=-1", "from=x", "limit=0", "limit=1001", "direction=sideways", "minVersion=-3"})
    @DisplayName("given a bad read parameter, when a stream is read, then 400 naming it")
    void givenBadParameter_whenRead_thenInvalid(String query) throws IOException {
        // when
        Reply reply = get(PATH + "?" + query);
        // then
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.json.get("detail").asText()).startsWith(query.substring(0, query.indexOf('=')));
        reply.assertConforms("GET");
    }

    @Test
    @DisplayName("given a conflict answered, when counted, then the stream metric names append, the code and 409")
    void givenConflict_whenCounted_thenLabelled() throws IOException {
        // given
        ANSWER.set(append -> new Outcome.StreamDecided(StreamResult.refused(
                append,
                Optional.empty(),
                ResultCode.STREAM_VERSION_CONFLICT,
                "conflict",
                Optional.of(1L),
                Optional.empty(),
                Optional.empty(),
                AT)));
        double before = conflicts();
        // when
        post("{\"expectedVersion\":0,\"events\":[" + event("A") + "]}");
        // then
        assertThat(conflicts()).isEqualTo(before + 1);
    }

    private static double conflicts() {
        return METERS.get("gateway.stream.requests")
                .tags("operation", "append", "outcome", "stream_version_conflict", "status", "409")
                .counter()
                .count();
    }

    private static StreamEvent stored(long position) {
        return new StreamEvent(
                "account-1",
                position,
                "00000000-0000-0000-0000-00000000000" + position,
                "Deposited",
                JsonNodeFactory.instance.objectNode().put("amount", 5),
                Optional.empty(),
                AT,
                Optional.empty());
    }

    private static String event(String type) {
        return "{\"type\":\"" + type + "\",\"data\":{\"amount\":1}}";
    }

    private static Reply post(String body, String... headers) throws IOException {
        String[] all = new String[headers.length + 2];
        all[0] = "Idempotency-Key";
        all[1] = "key-1";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(PATH, body, all);
    }

    private static Reply send(String path, String body, String... headers) throws IOException {
        Invocation.Builder builder =
                RESOURCES.target(path).request(MediaType.APPLICATION_JSON_TYPE).header("X-API-Key", "k1");
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return Reply.of(builder.post(Entity.entity(body, MediaType.APPLICATION_JSON)), path);
    }

    private static Reply get(String pathAndQuery) throws IOException {
        String path = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        var target = RESOURCES.target(path);
        if (pathAndQuery.contains("?")) {
            for (String pair :
                    pathAndQuery.substring(pathAndQuery.indexOf('?') + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                target = target.queryParam(kv[0], kv[1]);
            }
        }
        return Reply.of(
                target.request(MediaType.APPLICATION_JSON_TYPE)
                        .header("X-API-Key", "k1")
                        .get(),
                path);
    }

    /** An answer, its body read once. */
    private record Reply(Response response, String path, int status, String text, JsonNode json) {

        static Reply of(Response response, String path) throws IOException {
            String text = response.hasEntity() ? response.readEntity(String.class) : "";
            return new Reply(response, path, response.getStatus(), text, text.isEmpty() ? null : JSON.readTree(text));
        }

        void assertConforms(String method) {
            OpenApiContract.assertConforms(
                    method, path, status, name -> Optional.ofNullable(response.getHeaderString(name)), text, json);
        }
    }
}
