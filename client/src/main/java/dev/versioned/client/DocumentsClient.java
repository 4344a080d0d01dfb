package dev.versioned.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentOperation;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
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
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link Documents} over the gateway's HTTP API ({@code /v1/collections/{collection}/{id}}): {@code PUT} with
 * {@code If-None-Match: *} to create or {@code If-Match} to replace, {@code PATCH} as
 * {@code application/merge-patch+json}, {@code DELETE} with {@code If-Match}, each with its
 * {@code Idempotency-Key}. Built by {@link InventoryClient.Builder#buildDocuments()} with the same gateway, key,
 * timeouts and retry policy as the inventory's client.
 *
 * <p>Answers are read as {@link InventoryClient} reads an update's: 200 and the processor's refusals (412, 404,
 * 422 with a result code and the result's fields, {@code applied} among them) are definite; the gateway's own 429
 * {@code OVERLOADED}/{@code RATE_LIMITED} and 503 {@code KAFKA_UNAVAILABLE} say nothing was written; every other
 * 429 or 5xx, a 200 that is no document, a timeout or a lost connection is an unknown outcome, resent with the same
 * key. The gateway's own refusals before sending are thrown at once: a collection it does not serve is a 404 {@code
 * NOT_FOUND} like a document's, but without the result's fields (with {@code collections} instead), and is
 * {@link Invalid} (404, {@code NOT_FOUND}), never the document's {@link NotFound}, on a write as on a read.
 */
public final class DocumentsClient extends DocumentWriter {

    private static final String ACCEPT = "application/json, application/problem+json";
    /** The refusals of the processor a problem can carry; any other code is the gateway's own. */
    private static final Set<ResultCode> DECIDED = EnumSet.of(
            ResultCode.VERSION_CONFLICT,
            ResultCode.NOT_FOUND,
            ResultCode.CONSTRAINT_VIOLATION,
            ResultCode.IDEMPOTENCY_KEY_REUSED);

    DocumentsClient(HttpClient http, URI baseUri, String apiKey, Duration timeout, RetryPolicy policy) {
        super(new Http(http, baseUri, apiKey, timeout), policy);
    }

    /** One HTTP exchange per call. */
    private record Http(HttpClient http, URI baseUri, String apiKey, Duration timeout) implements DocumentTransport {

        @Override
        public Optional<Document> read(String collection, String id) {
            HttpResponse<String> response =
                    InventoryClient.read(http, request(collection, id).GET().build());
            int status = response.statusCode();
            if (status == 200) {
                return Optional.of(document(collection, id, response.body(), false));
            }
            InventoryClient.ErrorBody error = InventoryClient.ErrorBody.of(response.body());
            if (status == 404 && error.code().equals(ResultCode.NOT_FOUND.name()) && !unknownCollection(response)) {
                return Optional.empty();
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

        @Override
        public Outcome send(DocumentRequest write) {
            SendChecks.check(write); // the gateway's size limit is its own configuration: it says 413
            HttpRequest.Builder request =
                    request(write.collection(), write.id()).header("Idempotency-Key", write.idempotencyKey());
            long version = write.version().orElseThrow();
            if (write.operation() == DocumentOperation.PUT && version == 0) {
                request.header("If-None-Match", "*");
            } else {
                request.header("If-Match", "\"" + version + "\"");
            }
            switch (write.operation()) {
                case PUT ->
                    request.header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    json(write.document().orElseThrow())));
                case PATCH ->
                    request.header("Content-Type", "application/merge-patch+json")
                            .method(
                                    "PATCH",
                                    HttpRequest.BodyPublishers.ofString(
                                            json(write.patch().orElseThrow())));
                case DELETE -> request.DELETE();
            }
            return InventoryClient.write(
                    http,
                    request.build(),
                    response -> outcome(
                            write,
                            response.statusCode(),
                            response.body(),
                            InventoryClient.replayed(response),
                            InventoryClient.retryAfter(response)));
        }

        /** A 404 about the collection, not the document: the gateway names the collections it serves. */
        private static boolean unknownCollection(HttpResponse<String> response) {
            try {
                JsonNode problem = WireFormat.mapper().readTree(response.body());
                return problem != null && problem.has("collections");
            } catch (IOException e) {
                return false;
            }
        }

        private HttpRequest.Builder request(String collection, String id) {
            return HttpRequest.newBuilder(baseUri.resolve("/v1/collections/" + encode(collection) + "/" + encode(id)))
                    .timeout(timeout)
                    .header("X-API-Key", apiKey)
                    .header("Accept", ACCEPT);
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }

        private static String json(JsonNode node) {
            return node.toString();
        }
    }

    /** The outcome a write's answer stands for; the gateway's own refusals before anything was sent are thrown. */
    static Outcome outcome(
            DocumentRequest write, int status, String body, boolean replayed, Optional<Duration> retryAfter) {
        if (status == 200) {
            Document after;
            try {
                after = document(write.collection(), write.id(), body, replayed);
            } catch (Invalid e) {
                // Applied, as far as the status says; what it made cannot be read. The key's replay will say.
                return new Outcome.Unknown(e.getMessage(), Outcome.Unknown.Kind.UNREADABLE_REPLY, retryAfter);
            }
            return new Outcome.DocumentDecided(new DocumentResult(
                    Optional.empty(),
                    Optional.of(write.collection()),
                    Optional.of(write.id()),
                    Optional.of(write.idempotencyKey()),
                    Optional.of(write.operation()),
                    true,
                    ResultCode.APPLIED,
                    replayed,
                    Optional.of(after.version()),
                    write.version(),
                    after.document().map(JsonNode.class::cast),
                    after.lastUpdated(),
                    Optional.empty(),
                    Optional.empty(),
                    after.deleted() ? Optional.of(true) : Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
        }
        Optional<DocumentResult> refusal = refusal(write, body, replayed);
        if (refusal.isPresent()) {
            return new Outcome.DocumentDecided(refusal.get());
        }
        return InventoryClient.outcome(status, body, retryAfter); // the gateway's own: thrown or undecided
    }

    /**
     * A processor's refusal in a problem: its code and the result fields as extension members, {@code applied}
     * always among them. A problem without them is the gateway's own, even under a result code's name (its 404
     * {@code NOT_FOUND} of a collection it does not serve).
     */
    private static Optional<DocumentResult> refusal(DocumentRequest write, String body, boolean replayed) {
        JsonNode problem;
        try {
            problem = WireFormat.mapper().readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (problem == null
                || !problem.path("code").isTextual()
                || !problem.path("applied").isBoolean()) {
            return Optional.empty();
        }
        ResultCode code;
        try {
            code = ResultCode.valueOf(problem.path("code").asText());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!DECIDED.contains(code)) {
            return Optional.empty();
        }
        JsonNode violation = problem.path("violation");
        return Optional.of(new DocumentResult(
                Optional.empty(),
                Optional.of(write.collection()),
                Optional.of(write.id()),
                Optional.of(write.idempotencyKey()),
                Optional.of(write.operation()),
                false,
                code,
                replayed || problem.path("replayed").asBoolean(false),
                Optional.empty(),
                write.version(),
                Optional.empty(),
                Optional.empty(),
                problem.path("currentVersion").canConvertToLong()
                        ? Optional.of(problem.path("currentVersion").asLong())
                        : Optional.empty(),
                Optional.of(problem.path("currentDocument")).filter(JsonNode::isObject),
                problem.path("deleted").asBoolean(false) ? Optional.of(true) : Optional.empty(),
                violation.isObject()
                        ? Optional.of(new DocumentResult.Violation(
                                violation.path("path").asText(""),
                                violation.path("message").asText("")))
                        : Optional.empty(),
                Optional.of(problem.path("detail").asText(code.name())),
                firstOutcome(code, problem.path("firstOutcome"))));
    }

    /** A reused key's first outcome, as the problem carries it ({@code IDEMPOTENCY_KEY_REUSED} only). */
    private static Optional<DocumentResult> firstOutcome(ResultCode code, JsonNode first) {
        if (code != ResultCode.IDEMPOTENCY_KEY_REUSED || !first.isObject()) {
            return Optional.empty();
        }
        try {
            return Optional.of(WireFormat.mapper().treeToValue(first, DocumentResult.class));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unreadable: the refusal stands without it
        }
    }

    /** A document in a 200 body: {@code {"collection","id","version","lastUpdated","document"}}. */
    private static Document document(String collection, String id, String body, boolean replayed) {
        try {
            JsonNode node = WireFormat.mapper().readTree(body);
            if (!node.path("version").isIntegralNumber() || node.path("version").asLong() < 1) {
                throw new IllegalArgumentException("no version");
            }
            JsonNode document = node.path("document");
            return new Document(
                    collection,
                    id,
                    node.path("version").asLong(),
                    node.path("lastUpdated").isTextual()
                            ? Optional.of(Instant.parse(node.path("lastUpdated").asText()))
                            : Optional.empty(),
                    document.isObject() ? Optional.of((ObjectNode) document) : Optional.empty(),
                    node.path("deleted").asBoolean(false),
                    replayed,
                    1);
        } catch (IOException | RuntimeException e) {
            throw new Invalid(200, "UNREADABLE_RESPONSE", "the gateway's answer is not a document: " + e);
        }
    }
}
