package dev.versioned.gateway.http;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.api.EntityTags;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.ResultStatuses;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.config.StreamsConfig;
import dev.versioned.gateway.kafka.StreamExchange;
import dev.versioned.gateway.kafka.StreamReader;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RequestParser;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Event streams under {@code /v1/streams/{stream}}: appends decided by the processor over Kafka ({@link
 * StreamExchange}), reads from the gateway's view of the events topic ({@link StreamReader}).
 *
 * <ul>
 *   <li>{@code POST}: an append, {@code {"expectedVersion","idempotencyKey","events":[{"type","data","metadata",
 *       "id"}]}}; the key may come in {@code Idempotency-Key} instead, the expectation in {@code If-Match: "N"}
 *       ({@code *}: the stream exists) or {@code If-None-Match: *} (it does not), never both disagreeing. Checked
 *       here by the processor's own parser ({@link RequestParser}, so {@link StreamAppend#problem()}), 400 naming
 *       the member; over {@code streams.maxEvents} or {@code streams.maxAppendBytes} 413; nothing sent then. 200
 *       {@code {"stream","firstPosition","version","events":[{"id","position"}]}} with the version as {@code ETag};
 *       a conflict 409 with {@code expected}, {@code actual} and {@code lastEvent}; a reused key or event id 422.</li>
 *   <li>{@code GET}: a page of events, forward from {@code from} (default 0) or backward from it (default the
 *       last), {@code limit} 1..{@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}), and a {@code next} link when
 *       there are more; {@code minVersion} waits (bounded) for the view to hold that version. 404 when the stream
 *       has no event.</li>
 *   <li>{@code GET .../version}: {@code {"stream","version"}}, {@code null} when the stream has no event.</li>
 * </ul>
 * The API key must cover the stream's category (what precedes the first {@code -} of its name): 403 otherwise.
 */
@Path("/v1/streams/{stream}")
@Produces(MediaType.APPLICATION_JSON)
public final class StreamResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** A body may be pretty-printed: it is read up to this many times the limit, then measured as sent. */
    static final int LAYOUT_ALLOWANCE = 4;

    public static final String FORWARD = "forward";
    public static final String BACKWARD = "backward";

    private final StreamExchange exchange;
    private final StreamReader reader;
    private final RequestLimits limits;
    private final int maxEvents;
    private final int maxAppendBytes;
    private final int maxPageBytes;
    private final StoreScope scope;

    public StreamResource(
            StreamExchange exchange,
            StreamReader reader,
            RequestLimits limits,
            StreamsConfig streams,
            AuthRefusals refusals) {
        this.exchange = exchange;
        this.reader = reader;
        this.limits = limits;
        this.maxEvents = streams.getMaxEvents();
        this.maxAppendBytes = streams.getMaxAppendBytes();
        this.maxPageBytes = streams.getMaxPageBytes();
        this.scope = new StoreScope(refusals);
    }

    @POST
    @Timed(name = "stream-appends")
    @MeasuredStream
    public Response append(
            @Auth ApiClient client,
            @PathParam("stream") String stream,
            @HeaderParam(InventoryResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) List<String> contentEncodings,
            InputStream body) {
        Optional<ExpectedVersion> headerExpectation;
        try {
            target(client, stream);
            if (idempotencyKey != null && !UpdateRequestValidator.isKey(idempotencyKey)) {
                throw GatewayException.invalid("Idempotency-Key must be 1..128 printable ASCII characters");
            }
            headerExpectation = expectation(ifMatch, ifNoneMatch);
        } catch (GatewayException e) {
            RequestBodies.discard(() -> body);
            throw e;
        }
        StreamAppend append = parse(stream, object(body, contentEncodings), idempotencyKey, headerExpectation);
        byte[] sent = WireSerdes.STREAM_APPEND.toBytes(append);
        if (sent.length > maxAppendBytes) {
            throw tooLarge("the append is " + sent.length + " bytes as sent, larger than " + maxAppendBytes);
        }
        Outcome outcome = exchange.exchange(append, limits.requestTimeout());
        if (outcome instanceof Outcome.StreamDecided decided) {
            return decided(decided.result());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("stream", stream);
        details.put("idempotencyKey", append.idempotencyKey());
        throw OutcomeResponses.gatewayError(details, outcome);
    }

    @GET
    @Timed(name = "stream-reads")
    @MeasuredStream
    public Response read(
            @Auth ApiClient client,
            @PathParam("stream") String stream,
            @QueryParam("from") String fromParam,
            @QueryParam("limit") String limitParam,
            @QueryParam("direction") String directionParam,
            @QueryParam("minVersion") String minVersionParam)
            throws InterruptedException {
        target(client, stream);
        Optional<Long> from = QueryParams.nonNegative("from", fromParam, "a position, a number >= 0");
        int limit = QueryParams.limit(limitParam, DEFAULT_LIMIT, MAX_LIMIT);
        boolean backward = backward(directionParam);
        Optional<Long> minVersion = InventoryResource.minVersion(minVersionParam);
        Optional<Long> version = version(stream, minVersion);
        long head = version.orElseThrow(() ->
                new GatewayException(ErrorCode.NOT_FOUND, "no stream " + stream + " (no event was appended to it)"));
        long first = backward ? 0 : from.orElse(0L);
        long last = backward ? Math.min(from.orElse(head), head) : head;
        List<byte[]> events = reader.events(stream, first, last, backward, limit, maxPageBytes);
        Optional<Long> next = Optional.empty();
        if (!events.isEmpty()) {
            long reached = positionOf(events.get(events.size() - 1));
            next = backward
                    ? Optional.of(reached - 1).filter(p -> p >= 0)
                    : Optional.of(reached + 1).filter(p -> p <= head);
        }
        return Response.ok(page(stream, head, events, next.map(p -> link(stream, p, limit, backward))))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .tag(String.valueOf(head))
                .build();
    }

    @GET
    @Path("/version")
    @Timed(name = "stream-versions")
    @MeasuredStream
    public Response version(@Auth ApiClient client, @PathParam("stream") String stream) throws InterruptedException {
        target(client, stream);
        Optional<Long> version = version(stream, Optional.empty());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("stream", stream);
        if (version.isPresent()) {
            body.put("version", version.get());
        } else {
            body.putNull("version");
        }
        Response.ResponseBuilder response = Response.ok(body);
        version.ifPresent(v -> response.tag(String.valueOf(v)));
        return response.build();
    }

    /** The stream a request names: a valid name, of a category the key covers. */
    private void target(ApiClient client, String stream) {
        if (!StreamAppend.isStream(stream)) {
            throw GatewayException.invalid(
                    "stream must be 1..128 characters of [A-Za-z0-9._:-], not beginning with '-'");
        }
        scope.requireCategory(client, stream);
    }

    /** The stream's version from the view: at least {@code minVersion} if given (504 when not reached in time). */
    private Optional<Long> version(String stream, Optional<Long> minVersion) throws InterruptedException {
        if (!reader.isCaughtUp()) {
            throw new GatewayException(
                    ErrorCode.VIEW_NOT_READY,
                    reader.notServing().orElse("the stream view is still loading; retry shortly"),
                    Map.of(),
                    Map.of());
        }
        if (minVersion.isEmpty()) {
            return reader.version(stream);
        }
        Optional<Long> version = reader.awaitVersion(stream, minVersion.get(), limits.maxReadWait());
        if (version.map(v -> v < minVersion.get()).orElse(true)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("stream", stream);
            version.ifPresent(v -> details.put("currentVersion", v));
            throw new GatewayException(
                    ErrorCode.VERSION_NOT_VISIBLE,
                    "the view has not reached version " + minVersion.get() + " of stream " + stream + " within "
                            + limits.maxReadWait().toMillis() + " ms; retry the read",
                    details,
                    Map.of());
        }
        return version;
    }

    /**
     * What {@code If-Match} or {@code If-None-Match} expect: {@code "N"} version N, {@code *} that the stream exists;
     * {@code If-None-Match: *} that it does not. A weak or non-version tag can match no stream: 412, nothing sent.
     */
    static Optional<ExpectedVersion> expectation(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw GatewayException.invalid(
                    "send If-Match (the version you read, or *) or If-None-Match: * (no stream yet), not both");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw GatewayException.invalid("an append takes If-None-Match: * only (the stream must not exist yet)");
            }
            return Optional.of(ExpectedVersion.NO_STREAM);
        }
        if (ifMatch == null) {
            return Optional.empty();
        }
        EntityTags.IfMatch condition = EntityTags.ifMatch(ifMatch);
        if (condition instanceof EntityTags.IfMatch.Malformed malformed) {
            throw GatewayException.invalid(malformed.reason());
        }
        if (condition instanceof EntityTags.IfMatch.NeverMatches never) {
            throw new GatewayException(ErrorCode.PRECONDITION_FAILED, never.reason() + "; nothing was appended");
        }
        if (condition instanceof EntityTags.IfMatch.Any) {
            return Optional.of(ExpectedVersion.EXISTS);
        }
        return Optional.of(ExpectedVersion.of(((EntityTags.IfMatch.Version) condition).version()));
    }

    /** The body as a JSON object; 413 when far larger than an append may be, 400 when not a JSON object. */
    private ObjectNode object(InputStream body, List<String> contentEncodings) {
        int readLimit = (int) Math.min(8L << 20, (long) maxAppendBytes * LAYOUT_ALLOWANCE);
        byte[] bytes = RequestBodies.read(body, contentEncodings, readLimit, () -> {
            RequestBodies.discard(() -> body); // the rest of it, as for every refusal
            return tooLarge("the body is larger than " + readLimit + " bytes");
        });
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : WireFormat.mapper().readTree(bytes);
        } catch (IOException e) {
            throw GatewayException.invalid("the body is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.invalid("the body must be a JSON object: {\"expectedVersion\", \"idempotencyKey\","
                    + " \"events\": [{\"type\", \"data\"}]}");
        }
        return (ObjectNode) node;
    }

    /**
     * The append the body and headers make, held to the processor's rules by its own parser: 400 naming the member
     * that breaks one, 413 for more events than {@code maxEvents}.
     */
    StreamAppend parse(
            String stream, ObjectNode body, String idempotencyKeyHeader, Optional<ExpectedVersion> headerExpectation) {
        JsonNode named = body.get("stream");
        if (named != null
                && !named.isNull()
                && !(named.isTextual() && named.textValue().equals(stream))) {
            throw GatewayException.invalid(
                    "stream in the body must be the path's stream, " + stream + ", or be left out");
        }
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("stream", stream);
        JsonNode expected = body.get("expectedVersion");
        if (headerExpectation.isPresent()) {
            if (expected != null && !expected.isNull() && !headerExpectation.equals(expectationOf(expected))) {
                throw GatewayException.invalid("expectedVersion in the body (" + expected + ") disagrees with the "
                        + "header's (" + headerExpectation.get().text() + "): send one, or the same in both");
            }
            request.set("expectedVersion", WireFormat.mapper().valueToTree(headerExpectation.get()));
        } else if (expected != null) {
            request.set("expectedVersion", expected);
        }
        JsonNode key = body.get("idempotencyKey");
        if (idempotencyKeyHeader != null) {
            if (key != null
                    && !key.isNull()
                    && !(key.isTextual() && key.textValue().equals(idempotencyKeyHeader))) {
                throw GatewayException.invalid("idempotencyKey in the body disagrees with the Idempotency-Key header:"
                        + " send one, or the same in both");
            }
            request.put("idempotencyKey", idempotencyKeyHeader);
        } else if (key != null) {
            request.set("idempotencyKey", key);
        }
        JsonNode events = body.get("events");
        if (events != null) {
            if (events.isArray() && events.size() > maxEvents) {
                throw tooLarge("the append has " + events.size() + " events, more than " + maxEvents);
            }
            request.set("events", events);
        }
        byte[] bytes;
        try {
            bytes = WireFormat.mapper().writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a parsed body again", e);
        }
        // No size limit of the parser's here: the size that counts is the append's as sent, measured after.
        int any = Math.max(bytes.length, StreamAppend.MAX_APPEND_LIMIT) + 1;
        ParsedRequest parsed = RequestParser.parseAny(bytes, any, any, any);
        if (parsed instanceof ParsedRequest.ValidAppend valid) {
            return valid.append();
        }
        if (parsed instanceof ParsedRequest.InvalidAppend invalid) {
            throw new GatewayException(
                    ErrorCode.INVALID_REQUEST,
                    invalid.message(),
                    Map.of("stream", stream, "reason", invalid.reason().name()),
                    Map.of());
        }
        throw GatewayException.invalid("the body is not an append: {\"expectedVersion\", \"idempotencyKey\","
                + " \"events\": [{\"type\", \"data\"}]}");
    }

    /** What a body's {@code expectedVersion} says, empty when it is none of the accepted forms. */
    private static Optional<ExpectedVersion> expectationOf(JsonNode expected) {
        try {
            return Optional.ofNullable(WireFormat.mapper().treeToValue(expected, ExpectedVersion.class));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private GatewayException tooLarge(String what) {
        return new GatewayException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                what + ": an append carries at most " + maxEvents + " events and " + maxAppendBytes
                        + " bytes; nothing was appended",
                Map.of("maxEvents", maxEvents, "maxAppendBytes", maxAppendBytes),
                Map.of());
    }

    /**
     * An applied append (or its replay): its events' ids and positions, the stream's version as {@code ETag}. A
     * refusal: a problem with the result's fields; a conflict also carries {@code expected}, {@code actual} (null:
     * no stream) and the stream's {@code lastEvent}.
     */
    static Response decided(StreamResult result) {
        if (result.applied()) {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("stream", result.stream().orElseThrow());
            body.put("firstPosition", result.firstPosition().orElseThrow());
            body.put("version", result.version().orElseThrow());
            body.set("events", WireFormat.mapper().valueToTree(result.events().orElse(List.of())));
            return OutcomeResponses.answer(
                    Response.ok(body).type(MediaType.APPLICATION_JSON_TYPE), result.version(), result.replayed());
        }
        ObjectNode fields = WireFormat.mapper().valueToTree(result);
        Optional<String> detail = result.error();
        if (result.code() == ResultCode.STREAM_VERSION_CONFLICT) {
            ExpectedVersion expected = result.expectedVersion().orElse(ExpectedVersion.ANY);
            fields.set("expected", WireFormat.mapper().valueToTree(expected));
            if (result.actualVersion().isPresent()) {
                fields.put("actual", result.actualVersion().get());
            } else {
                fields.putNull("actual");
            }
            detail = Optional.of(conflict(expected, result.actualVersion()));
        }
        return OutcomeResponses.refusal(
                ResultStatuses.of(result.code(), false),
                result.code(),
                detail,
                fields,
                result.actualVersion(),
                result.replayed());
    }

    /** {@code Expected version 2, stream is at version 3}; {@code ..., stream does not exist}. */
    static String conflict(ExpectedVersion expected, Optional<Long> actual) {
        return "Expected version " + expected.text() + ", "
                + actual.map(v -> "stream is at version " + v).orElse("stream does not exist");
    }

    private byte[] page(String stream, long version, List<byte[]> events, Optional<String> next) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                64 + events.stream().mapToInt(e -> e.length + 1).sum());
        try (JsonGenerator json = WireFormat.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("stream", stream);
            json.writeNumberField("version", version);
            json.writeArrayFieldStart("events");
            for (byte[] event : events) {
                json.writeRawValue(new String(event, StandardCharsets.UTF_8));
            }
            json.writeEndArray();
            if (next.isPresent()) {
                json.writeStringField("next", next.get());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a page of stream " + stream, e);
        }
        return out.toByteArray();
    }

    private static long positionOf(byte[] event) {
        try {
            return WireFormat.mapper().readTree(event).path("position").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException("an event of the view is not JSON", e);
        }
    }

    /** The link to the next page: the same request, from the next position. */
    static String link(String stream, long from, int limit, boolean backward) {
        return "/v1/streams/" + stream + "?from=" + from + "&limit=" + limit + "&direction="
                + (backward ? BACKWARD : FORWARD);
    }

    private static boolean backward(String value) {
        if (value == null || value.equals(FORWARD)) {
            return false;
        }
        if (value.equals(BACKWARD)) {
            return true;
        }
        throw GatewayException.invalid("direction must be " + FORWARD + " or " + BACKWARD);
    }
}
