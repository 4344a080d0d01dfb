package dev.versioned.gateway.http;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.api.EntityTags;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.ResultStatuses;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.kafka.DocumentExchange;
import dev.versioned.gateway.kafka.DocumentReader;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireFormat;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The document API: versioned JSON documents under {@code /v1/collections/{collection}/{id}}, decided by the
 * processor over Kafka ({@link DocumentExchange}) and read from the document view ({@link DocumentReader}).
 *
 * <p>Every write is conditional and names the version it read as an entity tag: {@code PUT} replaces with
 * {@code If-Match: "<version>"} or creates with {@code If-None-Match: *}; {@code PATCH} (a JSON merge patch,
 * {@value #MERGE_PATCH_JSON}) and {@code DELETE} need {@code If-Match}. Without one the answer is 428 and nothing is
 * sent; so is a write without {@code Idempotency-Key} (400), a document or patch larger than the configured limit
 * (413, naming it), a collection the gateway does not serve (404, naming those it serves) or one outside the API
 * key's collections (403). The processor's refusals are problems ({@link ProblemResponses}) with the result's
 * fields: a conflict is 412 with {@code currentVersion} and {@code currentDocument}, a broken invariant 422 with
 * {@code violation}.
 */
@Path("/v1/collections/{collection}/{id}")
@Produces(MediaType.APPLICATION_JSON)
public final class DocumentResource {

    public static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    /** A body may be pretty-printed: it is read up to this many times the limit, then measured as compact JSON. */
    static final int LAYOUT_ALLOWANCE = 4;

    private final DocumentExchange exchange;
    private final DocumentReader reader;
    private final RequestLimits limits;
    private final Set<String> collections;
    private final int maxDocumentBytes;
    private final StoreScope scope;

    /**
     * @param collections the collections the gateway serves
     * @param maxDocumentBytes the largest document (or patch) a write may carry, as compact JSON
     */
    public DocumentResource(
            DocumentExchange exchange,
            DocumentReader reader,
            RequestLimits limits,
            Set<String> collections,
            int maxDocumentBytes,
            AuthRefusals refusals) {
        this.exchange = exchange;
        this.reader = reader;
        this.limits = limits;
        this.collections = Set.copyOf(collections);
        this.maxDocumentBytes = maxDocumentBytes;
        this.scope = new StoreScope(refusals);
    }

    @PUT
    @Timed(name = "document-puts")
    @MeasuredDocument
    public Response put(
            @Auth ApiClient client,
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @HeaderParam(InventoryResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) List<String> contentEncodings,
            InputStream body) {
        Write write = beforeBody(
                body,
                () -> new Write(
                        target(client, collection, id),
                        idempotencyKey(idempotencyKey, "PUT"),
                        putVersion(ifMatch, ifNoneMatch)));
        ObjectNode document = object(body, contentEncodings, "document");
        return decide(DocumentRequest.put(
                write.key().collection(), write.key().id(), document, write.version(), write.idempotencyKey()));
    }

    @PATCH
    @Timed(name = "document-patches")
    @MeasuredDocument
    public Response patch(
            @Auth ApiClient client,
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @HeaderParam(InventoryResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) List<String> contentEncodings,
            InputStream body) {
        Write write = beforeBody(body, () -> {
            DocumentKey key = target(client, collection, id);
            if (!isMergePatch(contentType)) {
                throw new GatewayException(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "a PATCH is a JSON merge patch (RFC 7396): send it as Content-Type: " + MERGE_PATCH_JSON);
            }
            return new Write(key, idempotencyKey(idempotencyKey, "PATCH"), readVersion(ifMatch, "PATCH"));
        });
        ObjectNode patch = object(body, contentEncodings, "merge patch");
        return decide(DocumentRequest.patch(
                write.key().collection(), write.key().id(), patch, write.version(), write.idempotencyKey()));
    }

    @DELETE
    @Timed(name = "document-deletes")
    @MeasuredDocument
    public Response delete(
            @Auth ApiClient client,
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @HeaderParam(InventoryResource.IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        DocumentKey key = target(client, collection, id);
        String idempotency = idempotencyKey(idempotencyKey, "DELETE");
        long version = readVersion(ifMatch, "DELETE");
        return decide(DocumentRequest.delete(key.collection(), key.id(), version, idempotency));
    }

    @GET
    @Timed(name = "document-reads")
    public Response read(
            @Auth ApiClient client,
            @PathParam("collection") String collection,
            @PathParam("id") String id,
            @QueryParam("minVersion") String minVersionParam,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatchHeader)
            throws InterruptedException {
        DocumentKey key = target(client, collection, id);
        Optional<Long> minVersion = InventoryResource.minVersion(minVersionParam);
        Optional<EntityTags.IfNoneMatch> ifNoneMatch = InventoryResource.ifNoneMatch(ifNoneMatchHeader);
        if (!reader.isCaughtUp()) {
            throw new GatewayException(
                    ErrorCode.VIEW_NOT_READY, "the document view is still loading; retry shortly", Map.of(), Map.of());
        }
        Optional<DocumentRecord> found = minVersion.isPresent()
                ? reader.awaitVersion(key, minVersion.get(), limits.maxReadWait())
                : reader.get(key);
        if (minVersion.isPresent()
                && found.map(d -> d.version() < minVersion.get()).orElse(minVersion.get() > 0)) {
            throw new GatewayException(
                    ErrorCode.VERSION_NOT_VISIBLE,
                    "the view has not reached version " + minVersion.get() + " within "
                            + limits.maxReadWait().toMillis() + " ms; retry the read",
                    Map.of("currentVersion", found.map(DocumentRecord::version).orElse(0L)),
                    Map.of());
        }
        DocumentRecord document = found.orElseThrow(
                () -> new GatewayException(ErrorCode.NOT_FOUND, "no document " + key + " (never written)"));
        if (document.deleted()) {
            throw new GatewayException(
                    ErrorCode.NOT_FOUND,
                    "the document " + key + " was deleted at version " + document.version()
                            + "; a PUT with If-None-Match: * creates it again",
                    Map.of("deleted", true, "currentVersion", document.version()),
                    Map.of());
        }
        EntityTag tag = new EntityTag(String.valueOf(document.version()));
        if (ifNoneMatch.map(condition -> condition.matches(document.version())).orElse(false)) {
            return Response.notModified(tag).build();
        }
        return Response.ok(body(
                        document.collection(),
                        document.id(),
                        document.version(),
                        document.lastUpdated(),
                        document.document(),
                        false))
                .tag(tag)
                .build();
    }

    /** What a write's path and headers say: its document, its idempotency key and the version it was read at. */
    private record Write(DocumentKey key, String idempotencyKey, long version) {}

    /**
     * The checks of path and headers, made before the body is read; when one refuses, the body is read and dropped
     * first (up to {@link RequestBodies#DRAINED_BYTES}), so that Jetty can keep the connection.
     */
    private static Write beforeBody(InputStream body, Supplier<Write> checks) {
        try {
            return checks.get();
        } catch (GatewayException e) {
            RequestBodies.discard(() -> body);
            throw e;
        }
    }

    /** The document a request names: a collection served here and covered by the key, and a valid id. */
    private DocumentKey target(ApiClient client, String collection, String id) {
        if (!collections.contains(collection)) {
            throw new GatewayException(
                    ErrorCode.NOT_FOUND,
                    collections.isEmpty()
                            ? "this gateway serves no document collections"
                            : "no collection '" + RequestBodies.printable(collection) + "' here; the collections are "
                                    + String.join(", ", collections),
                    Map.of("collections", List.copyOf(collections)),
                    Map.of());
        }
        scope.requireCollection(client, collection);
        StoreScope.requireId("id", id);
        return new DocumentKey(collection, id);
    }

    private static String idempotencyKey(String header, String method) {
        if (header == null || !UpdateRequestValidator.isKey(header)) {
            throw GatewayException.invalid("Idempotency-Key is required, 1..128 printable ASCII characters: a " + method
                    + " is retried safely only under its first key");
        }
        return header;
    }

    /** A PUT's version: the one {@code If-Match} names, or 0 (create) for {@code If-None-Match: *}. */
    private static long putVersion(String ifMatch, String ifNoneMatch) {
        if (ifMatch != null && ifNoneMatch != null) {
            throw GatewayException.invalid(
                    "send either If-Match (to replace the version you read) or If-None-Match: * (to create), not both");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw GatewayException.invalid(
                        "a PUT creates with If-None-Match: * only; to replace a document send If-Match with its ETag");
            }
            return 0;
        }
        if (ifMatch == null) {
            throw new GatewayException(
                    ErrorCode.PRECONDITION_REQUIRED,
                    "a PUT needs If-Match with the ETag you read (e.g. If-Match: \"3\") to replace, or"
                            + " If-None-Match: * to create");
        }
        return readVersion(ifMatch, "PUT");
    }

    /** The version {@code If-Match} names: required, strong, a version of a document that exists. */
    private static long readVersion(String ifMatch, String method) {
        return Preconditions.requiredVersion(
                ifMatch,
                method,
                "written",
                "If-Match: \"0\" names a document that does not exist; create one with a PUT and If-None-Match: *");
    }

    private static boolean isMergePatch(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.valueOf(contentType);
            return "application".equalsIgnoreCase(type.getType())
                    && "merge-patch+json".equalsIgnoreCase(type.getSubtype());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The body as a JSON object no larger than the limit as compact JSON; 413 when larger, 400 when not one. */
    private ObjectNode object(InputStream body, List<String> contentEncodings, String what) {
        int readLimit = (int) Math.min(8L << 20, (long) maxDocumentBytes * LAYOUT_ALLOWANCE);
        byte[] bytes = RequestBodies.read(body, contentEncodings, readLimit, () -> {
            RequestBodies.discard(() -> body); // the rest of it, as for every refusal
            return tooLarge(what);
        });
        JsonNode node;
        try {
            node = bytes.length == 0 ? null : WireFormat.mapper().readTree(bytes);
        } catch (IOException e) {
            throw GatewayException.invalid("the " + what + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw GatewayException.invalid("the " + what + " must be a JSON object");
        }
        if (DocumentRequest.sizeOf(node) > maxDocumentBytes) {
            throw tooLarge(what);
        }
        return (ObjectNode) node;
    }

    private GatewayException tooLarge(String what) {
        return new GatewayException(
                ErrorCode.PAYLOAD_TOO_LARGE,
                "the " + what + " is larger than " + maxDocumentBytes + " bytes as compact JSON; nothing was written",
                Map.of("maxDocumentBytes", maxDocumentBytes),
                Map.of());
    }

    private Response decide(DocumentRequest request) {
        Outcome outcome = exchange.exchange(request, limits.requestTimeout());
        if (outcome instanceof Outcome.DocumentDecided decided) {
            return decided(decided.result());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("collection", request.collection());
        details.put("id", request.id());
        details.put("idempotencyKey", request.idempotencyKey());
        throw OutcomeResponses.gatewayError(details, outcome);
    }

    /**
     * An applied write: the document as it now is, its version as {@code ETag}. A refusal: a problem with the
     * result's fields; a conflict is 412 (the version came in a precondition).
     */
    static Response decided(DocumentResult result) {
        if (result.applied()) {
            ObjectNode body = body(
                    result.collection().orElseThrow(),
                    result.id().orElseThrow(),
                    result.version().orElseThrow(),
                    result.lastUpdated().orElseThrow(),
                    result.document(),
                    result.deleted().orElse(false));
            return OutcomeResponses.answer(
                    Response.ok(body).type(MediaType.APPLICATION_JSON_TYPE), result.version(), result.replayed());
        }
        return OutcomeResponses.refusal(
                ResultStatuses.of(result.code(), true),
                result.code(),
                result.error(),
                WireFormat.mapper().valueToTree(result),
                result.currentVersion(),
                result.replayed());
    }

    /** {@code {"collection","id","version","lastUpdated","document"}}, or {@code deleted: true} instead of a body. */
    private static ObjectNode body(
            String collection,
            String id,
            long version,
            Instant lastUpdated,
            Optional<JsonNode> document,
            boolean deleted) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("collection", collection);
        body.put("id", id);
        body.put("version", version);
        body.set("lastUpdated", WireFormat.mapper().valueToTree(lastUpdated));
        document.ifPresent(d -> body.set("document", d));
        if (deleted) {
            body.put("deleted", true);
        }
        return body;
    }
}
