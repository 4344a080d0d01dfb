package dev.versioned.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireFormat;
import dev.versioned.schemas.WireSerdes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link Inventory} over the gateway's HTTP API, with {@code java.net.http} and nothing heavier.
 *
 * <p>Errors are RFC 9457 Problem Details: the {@code code} member decides, {@code detail} is the message. A
 * {@code Retry-After} (seconds or an HTTP date) on any answer is handed to the {@link RetryPolicy}, which waits at
 * least that long before repeating, up to {@link RetryPolicy#maxRetryAfter}; a wait that does not fit the call's
 * deadline ends the call at once.
 *
 * <p>How answers to an update are read: 200, 409/412 and 422 carry the processor's result (a refusal's as a
 * problem's extension members) and are definite; 400 and 428 become {@link Invalid}, 401 and 403 {@link NotAuthorized}. Only the gateway's own
 * error codes say that nothing was written: 429 {@code OVERLOADED} or {@code RATE_LIMITED} (the API key's rate
 * limit) and 503 {@code KAFKA_UNAVAILABLE}. Every
 * other 429 or 5xx (504 {@code OUTCOME_UNKNOWN}, 500, a 502/503 of a proxy or load balancer in front of the
 * gateway, a 503 without the gateway's error body), a 2xx whose result cannot be read, a response timeout and a
 * connection lost mid-request mean the outcome is unknown: a proxy may have answered after the gateway had already sent the request on,
 * so the request is resent with the same idempotency key. A refused connection means nothing was sent.
 * The {@link RetryPolicy} decides how long to keep going.
 *
 * <p>Reads write nothing, so every 429 or 5xx of a read (503 {@code VIEW_NOT_READY} while the gateway's view
 * is loading, a proxy's 502) is simply read again until the deadline. Only the gateway's 404 {@code NOT_FOUND}
 * reads as "no record"; another 404 (a page of something in front of the gateway) is {@link Invalid}.
 *
 * <p>Limits: reads go to the gateway's state view, which may lag the latest decision by a poll cycle; a
 * stale read only costs one conflict (and its recomputation), never a lost update. Set the request
 * timeout above the gateway's own deadline (default 10 s), or its 504 is pre-empted by a local timeout
 * (equally safe, but less informative).
 */
public final class InventoryClient extends Updater {

    private static final String JSON = "application/json";
    private static final String ACCEPT = "application/json, application/problem+json";
    /** The members of a problem that are not result fields. */
    private static final List<String> PROBLEM_MEMBERS = List.of("type", "title", "status", "detail", "instance");

    private InventoryClient(Builder builder) {
        super(
                new Http(builder.httpClient(), builder.baseUri, builder.apiKey, builder.requestTimeout),
                builder.retryPolicy,
                builder.sendListener);
    }

    /** A builder; {@link Builder#baseUri} and {@link Builder#apiKey} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link InventoryClient}. */
    public static final class Builder {
        private URI baseUri;
        private String apiKey;
        private Duration requestTimeout = Duration.ofSeconds(15);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private HttpClient http;
        private SendListener sendListener = SendListener.NONE;

        private Builder() {}

        /** The gateway, e.g. {@code http://localhost:8081}. */
        public Builder baseUri(URI baseUri) {
            this.baseUri = baseUri;
            return this;
        }

        /** Sent as {@code X-API-Key}. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** Longest wait for one response (default 15 s, above the gateway's 10 s deadline). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Longest wait for a connection (default 5 s); used only when no {@link #httpClient} is given. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** How long and how often to keep trying (default {@link RetryPolicy#defaults()}). */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = retryPolicy;
            return this;
        }

        /** Observes every send of an update (and of an append to a stream) and its outcome (default: none). */
        public Builder sendListener(SendListener sendListener) {
            this.sendListener = sendListener;
            return this;
        }

        /** A client of your own (proxy, TLS, executor); default: a new one with {@link #connectTimeout}. */
        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /**
         * The {@link Streams} of the same gateway, with the same key, timeouts, retry policy and send listener (which
         * observes appends through {@link SendListener#sent(SendListener.AppendSend, Outcome)}).
         */
        public StreamsClient buildStreams() {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            Objects.requireNonNull(sendListener, "sendListener");
            return new StreamsClient(httpClient(), baseUri, apiKey, requestTimeout, retryPolicy, sendListener);
        }

        /** The given HTTP client, or a new one with {@link #connectTimeout}. */
        private HttpClient httpClient() {
            return http != null
                    ? http
                    : HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        }

        /**
         * The {@link Documents} of the same gateway, with the same key, timeouts and retry policy (the send
         * listener observes inventory updates only).
         */
        public DocumentsClient buildDocuments() {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            return new DocumentsClient(httpClient(), baseUri, apiKey, requestTimeout, retryPolicy);
        }

        public InventoryClient build() {
            Objects.requireNonNull(baseUri, "baseUri");
            Objects.requireNonNull(apiKey, "apiKey");
            Objects.requireNonNull(retryPolicy, "retryPolicy");
            Objects.requireNonNull(sendListener, "sendListener");
            return new InventoryClient(this);
        }
    }

    /** One HTTP exchange per call, mapped onto the request/reply outcomes. */
    private record Http(HttpClient http, URI baseUri, String apiKey, Duration timeout) implements Transport {

        @Override
        public Optional<InventoryRecord> read(String storeId, String productId) {
            URI uri = baseUri.resolve("/v1/inventory/" + encode(productId) + "?storeId=" + encode(storeId));
            HttpResponse<String> response =
                    InventoryClient.read(http, request(uri).GET().build());
            int status = response.statusCode();
            if (status == 200) {
                try {
                    return Optional.of(WireFormat.mapper().readValue(response.body(), InventoryRecord.class));
                } catch (IOException e) {
                    throw new Invalid(status, "UNREADABLE_RESPONSE", e.getMessage());
                }
            }
            ErrorBody error = ErrorBody.of(response.body());
            if (status == 404 && error.code().equals("NOT_FOUND")) {
                return Optional.empty(); // the gateway's word; a 404 page of something else is no answer about it
            }
            if (status == 401 || status == 403) {
                throw new NotAuthorized(status, error.message());
            }
            if (status == 429 || status >= 500) {
                throw new Unavailable(status + " " + error.code() + ": " + error.message(), retryAfter(response));
            }
            throw new Invalid(status, error.code(), error.message());
        }

        @Override
        public Outcome send(UpdateRequest update) {
            return post("/v1/inventory/updates", WireSerdes.UPDATE_REQUEST.toBytes(update));
        }

        @Override
        public Outcome send(TransferRequest transfer) {
            return post("/v1/inventory/transfers", WireSerdes.TRANSFER_REQUEST.toBytes(transfer));
        }

        private Outcome post(String path, byte[] body) {
            HttpRequest request = request(baseUri.resolve(path))
                    .header("Content-Type", JSON)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return write(
                    http, request, response -> outcome(response.statusCode(), response.body(), retryAfter(response)));
        }

        private HttpRequest.Builder request(URI uri) {
            return HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("X-API-Key", apiKey)
                    .header("Accept", ACCEPT);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends a write once: a connection refused (or not made in time) is {@link Outcome.NotWritten}, nothing was sent;
     * any other failure (a response timeout, a connection reset) is {@link Outcome.Unknown}, since the request may have
     * reached the gateway; an answer is what {@code answer} makes of it.
     */
    static Outcome write(HttpClient http, HttpRequest request, Function<HttpResponse<String>, Outcome> answer) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return new Outcome.NotWritten("no connection to the gateway: " + e);
        } catch (IOException e) {
            return new Outcome.Unknown("no answer from the gateway: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Unknown("interrupted while waiting for the gateway");
        }
        return answer.apply(response);
    }

    /** Sends a read once; a failure to get an answer is {@link Unavailable} (a read may always be repeated). */
    static HttpResponse<String> read(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("read failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while reading", e);
        }
    }

    /** Whether the gateway answered with a key's recorded outcome ({@code Idempotent-Replayed: true}). */
    static boolean replayed(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Idempotent-Replayed")
                .map("true"::equalsIgnoreCase)
                .orElse(false);
    }

    /**
     * The outcome an update response stands for; 401/403 and a bare 400/428 (or any other unexpected 4xx)
     * are thrown. "Nothing written" only on the gateway's own word: its error code, not the status alone,
     * since a proxy's 502/503 or a 429 of a rate limiter may come after the request went through. A 2xx
     * without a readable result is unknown ({@code UNREADABLE_REPLY}), never a refusal.
     */
    static Outcome outcome(int status, String body) {
        return outcome(status, body, Optional.empty());
    }

    /** {@link #outcome(int, String)} with the answer's {@code Retry-After}, kept on an undecided outcome. */
    static Outcome outcome(int status, String body, Optional<Duration> retryAfter) {
        Optional<UpdateResult> result = result(body);
        if (result.isPresent()
                && (status == 200
                        || status == 400
                        || status == 404
                        || status == 409
                        || status == 412
                        || status == 422
                        || status == 428)) {
            return new Outcome.Decided(result.get());
        }
        return undecided(status, body, retryAfter);
    }

    /**
     * The outcome of an answer that carries no result of the processor: a 2xx is unknown ({@code UNREADABLE_REPLY}),
     * the gateway's own "nothing written" codes are {@link Outcome.Shed} or {@link Outcome.NotWritten}, every other
     * 429 or 5xx is unknown, and the rest is thrown ({@link NotAuthorized}, {@link Invalid}).
     */
    static Outcome undecided(int status, String body, Optional<Duration> retryAfter) {
        if (status >= 200 && status < 300) {
            // A success whose result cannot be read: the update may have been applied. Its replay will say.
            return new Outcome.Unknown(
                    status + " without a readable result: " + ErrorBody.shorten(body),
                    Outcome.Unknown.Kind.UNREADABLE_REPLY,
                    retryAfter);
        }
        ErrorBody error = ErrorBody.of(body);
        if (status == 401 || status == 403) {
            throw new NotAuthorized(status, error.message());
        }
        if (status == 429 && (error.code().equals("OVERLOADED") || error.code().equals("RATE_LIMITED"))) {
            return new Outcome.Shed(error.code() + ": " + error.message(), retryAfter);
        }
        if (status == 503 && error.code().equals("KAFKA_UNAVAILABLE")) {
            return new Outcome.NotWritten(error.code() + ": " + error.message(), retryAfter);
        }
        if (status == 429 || status >= 500) {
            return new Outcome.Unknown(
                    status + " " + error.code() + ": " + error.message(), Outcome.Unknown.Kind.NO_DECISION, retryAfter);
        }
        throw new Invalid(status, error.code(), error.message());
    }

    /**
     * The processor's result in a response body: an applied update's fields, or a refusal's problem whose
     * extension members are the result fields and whose {@code detail} is the result's {@code error} text.
     */
    private static Optional<UpdateResult> result(String body) {
        try {
            JsonNode node = WireFormat.mapper().readTree(body);
            if (!(node instanceof ObjectNode object) || !object.has("code") || !object.has("applied")) {
                return Optional.empty();
            }
            JsonNode detail = object.get("detail");
            object.remove(PROBLEM_MEMBERS);
            if (detail != null && detail.isTextual()) {
                object.set("error", detail);
            }
            return Optional.of(WireFormat.mapper().treeToValue(object, UpdateResult.class));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code Retry-After} (RFC 9110): seconds, or an HTTP date (IMF-fixdate), measured from the answer's own {@code
     * Date} so that the two clocks need not agree (from this machine's clock when it has none); a date already
     * past is no wait. Anything else is ignored: the backoff then decides alone.
     */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .flatMap(value -> retryAfter(value, response.headers().firstValue("Date"), Instant.now()));
    }

    /** {@code Retry-After} as delay-seconds only. */
    static Optional<Duration> retryAfter(String value) {
        String seconds = value.trim();
        if (seconds.isEmpty() || seconds.length() > 9 || !seconds.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(seconds)));
    }

    /** {@code Retry-After} as seconds or as a date after the answer's {@code Date} (else after {@code now}). */
    static Optional<Duration> retryAfter(String value, Optional<String> date, Instant now) {
        Optional<Duration> seconds = retryAfter(value);
        if (seconds.isPresent()) {
            return seconds;
        }
        return httpDate(value).map(retryAt -> {
            Instant from = date.flatMap(InventoryClient::httpDate).orElse(now);
            return retryAt.isAfter(from) ? Duration.between(from, retryAt) : Duration.ZERO;
        });
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim())));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A problem's {@code code} and {@code detail} (its {@code title} when it has no detail), as far as they
     * are there; code {@code UNKNOWN} when the body is not the gateway's problem (a proxy's HTML page, a
     * problem of something else without a {@code code}), whose start then stands in for the message.
     */
    record ErrorBody(String code, String message) {
        private static final int MAX_MESSAGE = 200;

        static ErrorBody of(String body) {
            try {
                JsonNode problem = WireFormat.mapper().readTree(body);
                if (problem != null && problem.path("code").isTextual()) {
                    return new ErrorBody(
                            problem.path("code").asText(),
                            problem.path("detail").asText(problem.path("title").asText(shorten(body))));
                }
            } catch (IOException e) {
                // not JSON: a page from something in front of the gateway
            }
            return new ErrorBody("UNKNOWN", shorten(body));
        }

        static String shorten(String body) {
            String text = body == null ? "" : body.strip();
            return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
        }
    }
}
