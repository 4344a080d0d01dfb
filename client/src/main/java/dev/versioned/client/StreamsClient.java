package dev.versioned.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.NewEvent;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamEvent;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Streams} over the gateway's HTTP API: {@code POST /v1/streams/{stream}} with the expected version, the
 * idempotency key (also as {@code Idempotency-Key}) and the events; {@code GET /v1/streams/{stream}?from&limit&
 * direction&minVersion} for a page; {@code GET /v1/streams/{stream}/version}. Built by {@link
 * InventoryClient.Builder#buildStreams()} with the same gateway, key, timeouts, retry policy and send listener as
 * the inventory's client.
 *
 * <p>Answers are read as {@link InventoryClient} reads an update's: a 200 (with {@code Idempotent-Replayed: true} on
 * a replay) and the processor's refusals (409 {@code STREAM_VERSION_CONFLICT} with {@code expected}, {@code actual}
 * and {@code lastEvent}; 422 {@code IDEMPOTENCY_KEY_REUSED} with {@code firstOutcome}, or {@code EVENT_ID_REUSED})
 * are definite; the gateway's own 429 {@code OVERLOADED}/{@code RATE_LIMITED} and 503 {@code KAFKA_UNAVAILABLE} say
 * nothing was written; every other 429 or 5xx, a 200 that cannot be read, a timeout or a lost connection is an
 * unknown outcome, resent with the same key. 400 (malformed) and 413 (over the limits) are {@link Invalid}, 401 and
 * 403 {@link NotAuthorized}. An append that breaks the wire contract's rules ({@link StreamAppend#problem}) is refused
 * with {@link Invalid} 400 before it is sent.
 *
 * <p>Reads come from the gateway's view of the events topic, which may lag the latest append by a poll cycle: pass
 * {@code minVersion} to read your own append. {@link #update} does so after a conflict, so that it reads at least
 * what the conflict reported.
 */
public final class StreamsClient extends StreamWriter {

    private static final String ACCEPT = "application/json, application/problem+json";
    /** The refusals of the processor an append's problem can carry; any other code is the gateway's own. */
    private static final Set<ResultCode> DECIDED = EnumSet.of(
            ResultCode.STREAM_VERSION_CONFLICT, ResultCode.EVENT_ID_REUSED, ResultCode.IDEMPOTENCY_KEY_REUSED);

    StreamsClient(
            HttpClient http, URI baseUri, String apiKey, Duration timeout, RetryPolicy policy, SendListener listener) {
        super(new Http(http, baseUri, apiKey, timeout), policy, listener);
    }

    /** One HTTP exchange per call. */
    private record Http(HttpClient http, URI baseUri, String apiKey, Duration timeout) implements StreamTransport {

        @Override
        public StreamPage read(
                String stream, long from, int limit, Streams.Direction direction, Optional<Long> minVersion) {
            StringBuilder query = new StringBuilder("?limit=")
                    .append(limit)
                    .append("&direction=")
                    .append(direction.wire());
            if (!(from == Streams.END && direction == Streams.Direction.BACKWARD)) {
                query.append("&from=").append(from);
            }
            minVersion.ifPresent(version -> query.append("&minVersion=").append(version));
            HttpResponse<String> response = get(path(stream) + query);
            if (response.statusCode() == 200) {
                return page(stream, response.body());
            }
            noStream(response);
            return StreamPage.none(stream);
        }

        @Override
        public Optional<Long> version(String stream) {
            HttpResponse<String> response = get(path(stream) + "/version");
            if (response.statusCode() == 200) {
                try {
                    JsonNode version =
                            WireFormat.mapper().readTree(response.body()).path("version");
                    if (version.isNull()) {
                        return Optional.empty();
                    }
                    if (version.isIntegralNumber() && version.asLong() >= 0) {
                        return Optional.of(version.asLong());
                    }
                } catch (IOException e) {
                    // said below
                }
                throw new Invalid(
                        200,
                        "UNREADABLE_RESPONSE",
                        "the gateway's answer is not a stream's version: "
                                + InventoryClient.ErrorBody.shorten(response.body()));
            }
            noStream(response);
            return Optional.empty();
        }

        /** Returns when the answer is the gateway's 404 for a stream that does not exist; throws for the rest. */
        private static void noStream(HttpResponse<String> response) {
            int status = response.statusCode();
            InventoryClient.ErrorBody error = InventoryClient.ErrorBody.of(response.body());
            if (status == 404 && !error.code().equals("UNKNOWN")) {
                return; // the gateway's problem (a textual code); a 404 page of something else is no answer about it
            }
            if (status == 401 || status == 403) {
                throw new NotAuthorized(status, error.message());
            }
            if (status == 429 || status >= 500) {
                throw new Unavailable(
                        status + " " + error.code() + ": " + error.message(), InventoryClient.retryAfter(response));
            }
            throw new Invalid(status, error.code(), error.message());
        }

        private HttpResponse<String> get(String path) {
            return InventoryClient.read(http, request(path).GET().build());
        }

        @Override
        public Outcome send(StreamAppend append) {
            append.problem().ifPresent(problem -> {
                throw new Invalid(400, "INVALID_REQUEST", problem + "; nothing was sent");
            });
            HttpRequest request = request(path(append.stream()))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", append.idempotencyKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body(append)))
                    .build();
            return InventoryClient.write(
                    http,
                    request,
                    response -> outcome(
                            append,
                            response.statusCode(),
                            response.body(),
                            InventoryClient.replayed(response),
                            InventoryClient.retryAfter(response)));
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(baseUri.resolve(path))
                    .timeout(timeout)
                    .header("X-API-Key", apiKey)
                    .header("Accept", ACCEPT);
        }

        private static String path(String stream) {
            return "/v1/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8);
        }
    }

    /** The body of {@code POST /v1/streams/{stream}}: the append without its stream, which the path names. */
    static String body(StreamAppend append) {
        ObjectNode body = WireFormat.mapper().createObjectNode();
        body.set("expectedVersion", WireFormat.mapper().valueToTree(append.expected()));
        body.put("idempotencyKey", append.idempotencyKey());
        ArrayNode events = body.putArray("events");
        for (NewEvent event : append.events()) {
            ObjectNode item = events.addObject();
            item.put("type", event.type());
            item.set("data", event.data());
            event.metadata().ifPresent(metadata -> item.set("metadata", metadata));
            event.id().ifPresent(id -> item.put("id", id));
        }
        return body.toString();
    }

    /** The outcome an append's answer stands for; the gateway's own refusals before anything was sent are thrown. */
    static Outcome outcome(
            StreamAppend append, int status, String body, boolean replayed, Optional<Duration> retryAfter) {
        JsonNode node;
        try {
            node = WireFormat.mapper().readTree(body);
        } catch (IOException e) {
            node = null;
        }
        if (status == 200) {
            try {
                return new Outcome.StreamDecided(applied(append, node, replayed));
            } catch (RuntimeException e) {
                // Applied, as far as the status says; what it made cannot be read. The key's replay will say.
                return new Outcome.Unknown(
                        "200 without a readable append: " + InventoryClient.ErrorBody.shorten(body),
                        Outcome.Unknown.Kind.UNREADABLE_REPLY,
                        retryAfter);
            }
        }
        if ((status == 409 || status == 422) && node != null) {
            Optional<StreamResult> refusal = refusal(append, node, replayed);
            if (refusal.isPresent()) {
                return new Outcome.StreamDecided(refusal.get());
            }
        }
        return InventoryClient.undecided(status, body, retryAfter); // the gateway's own: thrown or undecided
    }

    /** An applied append: {@code {"stream","firstPosition","version","events":[{"id","position"}]}}. */
    private static StreamResult applied(StreamAppend append, JsonNode node, boolean replayed) {
        if (node == null
                || !node.path("firstPosition").isIntegralNumber()
                || !node.path("version").isIntegralNumber()
                || !node.path("events").isArray()) {
            throw new IllegalArgumentException("not an applied append");
        }
        List<StreamResult.Appended> events = new ArrayList<>();
        for (JsonNode event : node.path("events")) {
            if (!event.path("id").isTextual() || !event.path("position").isIntegralNumber()) {
                throw new IllegalArgumentException("an appended event without its id and position");
            }
            events.add(new StreamResult.Appended(
                    event.path("id").asText(), event.path("position").asLong()));
        }
        return new StreamResult(
                Optional.empty(),
                Optional.of(append.stream()),
                Optional.of(append.idempotencyKey()),
                true,
                ResultCode.APPLIED,
                replayed || node.path("replayed").asBoolean(false),
                append.expectedVersion(),
                Optional.of(node.path("firstPosition").asLong()),
                Optional.of(node.path("version").asLong()),
                Optional.of(events),
                Optional.empty(),
                Optional.empty(),
                time(node.path("time")),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A processor's refusal in a problem: its code, and the refusal's members ({@code expected}, {@code actual},
     * {@code lastEvent}, {@code firstOutcome}); {@code actualVersion} and {@code error}, the result's own names, are
     * read too. Empty when the code is none of an append's refusals (the gateway's own problem).
     */
    private static Optional<StreamResult> refusal(StreamAppend append, JsonNode problem, boolean replayed) {
        Optional<ResultCode> code = code(problem);
        if (code.isEmpty() || !DECIDED.contains(code.get())) {
            return Optional.empty();
        }
        JsonNode actual = problem.has("actual") ? problem.path("actual") : problem.path("actualVersion");
        JsonNode expected = problem.path("expected");
        Optional<StreamResult> first = code.get() == ResultCode.IDEMPOTENCY_KEY_REUSED
                ? firstOutcome(append, problem.path("firstOutcome"))
                : Optional.empty();
        return Optional.of(new StreamResult(
                Optional.empty(),
                Optional.of(append.stream()),
                Optional.of(append.idempotencyKey()),
                false,
                code.get(),
                replayed || problem.path("replayed").asBoolean(false),
                expected.isMissingNode() || expected.isNull()
                        ? append.expectedVersion()
                        : ExpectedVersion.parse(expected.asText()).or(append::expectedVersion),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                actual.isIntegralNumber() ? Optional.of(actual.asLong()) : Optional.empty(),
                event(append.stream(), problem.path("lastEvent")),
                time(problem.path("time")),
                Optional.of(problem.path("detail")
                        .asText(problem.path("error").asText(code.get().name()))),
                first));
    }

    /** A reused key's first outcome: an applied append's body, or a refusal's members, with its code. */
    private static Optional<StreamResult> firstOutcome(StreamAppend append, JsonNode first) {
        if (!first.isObject()) {
            return Optional.empty();
        }
        try {
            Optional<ResultCode> code = code(first);
            if (code.isEmpty() || code.get() == ResultCode.APPLIED) {
                return Optional.of(applied(append, first, true));
            }
            return refusal(append, first, true)
                    .filter(refusal -> refusal.firstOutcome().isEmpty());
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable: the refusal stands without it
        }
    }

    private static Optional<ResultCode> code(JsonNode node) {
        if (!node.path("code").isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ResultCode.valueOf(node.path("code").asText()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A page: {@code {"stream","version","events":[...],"next"}}. */
    private static StreamPage page(String stream, String body) {
        try {
            JsonNode node = WireFormat.mapper().readTree(body);
            JsonNode version = node.path("version");
            List<StreamEvent> events = new ArrayList<>();
            for (JsonNode event : node.path("events")) {
                events.add(event(stream, event).orElseThrow(() -> new IllegalArgumentException("an unreadable event")));
            }
            return new StreamPage(
                    stream,
                    version.isIntegralNumber() ? Optional.of(version.asLong()) : Optional.empty(),
                    events,
                    next(node.path("next")));
        } catch (IOException | RuntimeException e) {
            throw new Invalid(200, "UNREADABLE_RESPONSE", "the gateway's answer is not a page of a stream: " + e);
        }
    }

    private static final java.util.regex.Pattern NEXT_FROM =
            java.util.regex.Pattern.compile("[?&]from=([0-9]{1,18})(&|$)");

    /**
     * {@code next}: the link to the next page ({@code /v1/streams/s?from=N&...}), whose {@code from} is read; a
     * position, as a number or as text, is taken as it is. Null or absent at the end.
     */
    static Optional<Long> next(JsonNode next) {
        if (next.isIntegralNumber()) {
            return Optional.of(next.asLong());
        }
        if (!next.isTextual()) {
            return Optional.empty();
        }
        if (next.asText().matches("[0-9]{1,18}")) {
            return Optional.of(Long.parseLong(next.asText()));
        }
        java.util.regex.Matcher from = NEXT_FROM.matcher(next.asText());
        return from.find() ? Optional.of(Long.parseLong(from.group(1))) : Optional.empty();
    }

    /** An event of a page or a refusal: {@code {"id","type","position","data","metadata","time","globalPosition"}}. */
    static Optional<StreamEvent> event(String stream, JsonNode node) {
        if (!node.isObject() || !node.path("position").isIntegralNumber()) {
            return Optional.empty();
        }
        return Optional.of(new StreamEvent(
                node.path("stream").asText(stream),
                node.path("position").asLong(),
                node.path("id").asText(null),
                node.path("type").asText(null),
                node.get("data"),
                Optional.ofNullable(node.get("metadata")).filter(JsonNode::isObject),
                time(node.path("time")).orElse(null),
                Optional.of(node.path("globalPosition"))
                        .filter(JsonNode::isTextual)
                        .map(JsonNode::asText)));
    }

    private static Optional<Instant> time(JsonNode time) {
        try {
            return time.isTextual() ? Optional.of(Instant.parse(time.asText())) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
