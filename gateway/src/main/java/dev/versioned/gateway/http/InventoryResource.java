package dev.versioned.gateway.http;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.api.BatchResponse;
import dev.versioned.gateway.api.BatchSummary;
import dev.versioned.gateway.api.EntityTags;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.InventoryPage;
import dev.versioned.gateway.api.InventoryView;
import dev.versioned.gateway.api.TransferBody;
import dev.versioned.gateway.api.UpdateBody;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.kafka.RecordReader;
import dev.versioned.gateway.kafka.UpdateExchange;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireFormat;
import io.dropwizard.auth.Auth;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory API: versioned updates (single and batch) and reads. Bodies are read as bytes, bounded,
 * and parsed by the requests topic's own parser ({@link UpdateBody}); decisions come from the processor
 * over Kafka ({@link UpdateExchange}); reads come from the state view ({@link RecordReader}), and answer
 * 304 when {@code If-None-Match} names the record's version ({@link EntityTags}). Updates are counted and
 * timed by {@link UpdateMeasurement}, from their answers. Every error is a problem
 * ({@link ProblemResponses}).
 */
@Path("/v1/inventory")
@Produces(MediaType.APPLICATION_JSON)
public final class InventoryResource {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Records per page of a listing, unless the caller asks for another number up to {@link #MAX_LIST_LIMIT}. */
    static final int DEFAULT_LIST_LIMIT = 100;

    static final int MAX_LIST_LIMIT = 1_000;

    private final UpdateExchange exchange;
    private final RecordReader reader;
    private final RequestLimits limits;
    private final AuthRefusals refusals;
    private final StoreScope scope;

    public InventoryResource(
            UpdateExchange exchange, RecordReader reader, RequestLimits limits, AuthRefusals refusals) {
        this.exchange = exchange;
        this.reader = reader;
        this.limits = limits;
        this.refusals = refusals;
        this.scope = new StoreScope(refusals);
    }

    @POST
    @Path("/updates")
    @Timed(name = "updates")
    @MeasuredUpdate
    public Response update(
            @Auth ApiClient client,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) List<String> contentEncodings,
            InputStream body) {
        UpdateBody parsed = UpdateBody.parse(
                readBody(body, contentEncodings),
                Optional.ofNullable(idempotencyKey),
                Optional.ofNullable(ifMatch),
                limits.maxRequestBytes(),
                limits.maxBatchItems());
        if (parsed instanceof UpdateBody.Refused refused) {
            throw GatewayException.invalid(refused.message());
        }
        if (parsed instanceof UpdateBody.PreconditionFailed failed) {
            throw new GatewayException(ErrorCode.PRECONDITION_FAILED, failed.message());
        }
        if (parsed instanceof UpdateBody.Batch batch) {
            return batch(client, batch);
        }
        UpdateBody.Single single = (UpdateBody.Single) parsed;
        if (single.request() instanceof ParsedRequest.Invalid invalid) {
            throw refusal(invalid);
        }
        UpdateRequest request = ((ParsedRequest.Valid) single.request()).request();
        scope.require(client, request.storeId());
        Outcome outcome =
                exchange.exchange(List.of(request), limits.requestTimeout()).get(0);
        return OutcomeResponses.single(request, outcome, single.ifMatch());
    }

    private Response batch(ApiClient client, UpdateBody.Batch batch) {
        scope.require(client, batch.storeId());
        List<UpdateRequest> valid = new ArrayList<>();
        for (ParsedRequest item : batch.items()) {
            if (item instanceof ParsedRequest.Valid v) {
                valid.add(v.request());
            }
        }
        List<Outcome> outcomes = valid.isEmpty() ? List.of() : exchange.exchange(valid, limits.requestTimeout());
        if (!outcomes.isEmpty() && outcomes.stream().allMatch(o -> o instanceof Outcome.Shed)) {
            throw OutcomeResponses.gatewayError(valid.get(0), outcomes.get(0));
        }
        if (!outcomes.isEmpty() && outcomes.stream().allMatch(o -> o instanceof Outcome.NotWritten)) {
            throw OutcomeResponses.gatewayError(valid.get(0), outcomes.get(0));
        }
        List<ObjectNode> results = new ArrayList<>(batch.items().size());
        int next = 0;
        int succeeded = 0;
        int unknown = 0;
        for (ParsedRequest item : batch.items()) {
            Optional<Outcome> outcome =
                    item instanceof ParsedRequest.Valid ? Optional.of(outcomes.get(next++)) : Optional.empty();
            ObjectNode result = OutcomeResponses.batchItem(item, outcome);
            if (result.path("applied").asBoolean(false)) {
                succeeded++;
            } else if (outcome.orElse(null) instanceof Outcome.Unknown) {
                unknown++; // may have been applied: not a failure
            }
            results.add(result);
        }
        return Response.ok(new BatchResponse(
                        results,
                        new BatchSummary(results.size(), succeeded, results.size() - succeeded - unknown, unknown)))
                .build();
    }

    @POST
    @Path("/transfers")
    @Timed(name = "transfers")
    @MeasuredUpdate
    public Response transfer(
            @Auth ApiClient client,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) List<String> contentEncodings,
            InputStream body) {
        if (ifMatch != null) {
            throw GatewayException.invalid("If-Match applies to one record; a transfer carries each item's version");
        }
        TransferBody parsed = TransferBody.parse(
                readBody(body, contentEncodings), Optional.ofNullable(idempotencyKey), limits.maxRequestBytes());
        if (parsed instanceof TransferBody.Refused refused) {
            throw refusal(refused.refusal());
        }
        TransferRequest transfer = ((TransferBody.Transfer) parsed).request(); // the only other kind
        scope.requireAll(
                client,
                transfer.items().stream().map(TransferRequest.Item::storeId).toList());
        Outcome outcome = exchange.exchange(transfer, limits.requestTimeout());
        if (outcome instanceof Outcome.Decided decided) {
            return OutcomeResponses.decided(decided.result(), UpdateBody.IfMatchUse.NONE);
        }
        throw OutcomeResponses.gatewayError(transfer.productId(), transfer.idempotencyKey(), outcome);
    }

    @DELETE
    @Path("/{productId}")
    @Timed(name = "deletes")
    @MeasuredUpdate
    public Response delete(
            @Auth ApiClient client,
            @PathParam("productId") String productId,
            @QueryParam("storeId") String storeIdParam,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        StoreScope.requireId("productId", productId);
        String storeId = scope.resolve(client, Optional.ofNullable(storeIdParam));
        if (idempotencyKey == null || !UpdateRequestValidator.isKey(idempotencyKey)) {
            throw GatewayException.invalid(
                    "Idempotency-Key is required, 1..128 printable ASCII characters: a DELETE is retried safely"
                            + " only under its first key");
        }
        long version = Preconditions.requiredVersion(
                ifMatch,
                "DELETE",
                "deleted",
                "If-Match: \"0\" means the record does not exist, so there is nothing to delete");
        UpdateRequest request = UpdateRequest.delete(storeId, productId, version, idempotencyKey);
        Outcome outcome =
                exchange.exchange(List.of(request), limits.requestTimeout()).get(0);
        return OutcomeResponses.single(request, outcome, UpdateBody.IfMatchUse.VERSION);
    }

    @GET
    @Timed(name = "lists")
    public Response list(
            @Auth ApiClient client,
            @QueryParam("storeId") String storeIdParam,
            @QueryParam("after") String after,
            @QueryParam("limit") String limitParam) {
        String storeId = scope.resolve(client, Optional.ofNullable(storeIdParam));
        if (after != null) {
            StoreScope.requireId("after", after);
        }
        int limit = QueryParams.limit(limitParam, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
        if (!reader.isCaughtUp()) {
            throw new GatewayException(
                    ErrorCode.VIEW_NOT_READY, "the state view is still loading; retry shortly", Map.of(), Map.of());
        }
        // One more than the page, to know whether another page follows.
        List<InventoryRecord> found = reader.list(storeId, Optional.ofNullable(after), limit + 1);
        List<InventoryView> page =
                found.stream().limit(limit).map(InventoryView::of).toList();
        Optional<InventoryPage.Next> next = found.size() > limit
                ? Optional.of(new InventoryPage.Next(page.get(page.size() - 1).productId()))
                : Optional.empty();
        return Response.ok(WireFormat.mapper().valueToTree(new InventoryPage(storeId, page, next)))
                .build();
    }

    /** A request the parser refused: 400, with the reason and the productId it could read. */
    private static GatewayException refusal(ParsedRequest.Invalid invalid) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", invalid.reason().name());
        invalid.productId().ifPresent(id -> details.put("productId", id));
        return new GatewayException(ErrorCode.INVALID_REQUEST, invalid.message(), details, Map.of());
    }

    @GET
    @Path("/{productId}")
    @Timed(name = "reads")
    public Response read(
            @Auth ApiClient client,
            @PathParam("productId") String productId,
            @QueryParam("storeId") String storeIdParam,
            @QueryParam("minVersion") String minVersionParam,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatchHeader)
            throws InterruptedException {
        StoreScope.requireId("productId", productId);
        String storeId = scope.resolve(client, Optional.ofNullable(storeIdParam));
        Optional<Long> minVersion = minVersion(minVersionParam);
        Optional<EntityTags.IfNoneMatch> ifNoneMatch = ifNoneMatch(ifNoneMatchHeader);
        if (!reader.isCaughtUp()) {
            throw new GatewayException(
                    ErrorCode.VIEW_NOT_READY, "the state view is still loading; retry shortly", Map.of(), Map.of());
        }
        RecordKey key = new RecordKey(storeId, productId);
        Optional<InventoryRecord> record = minVersion.isPresent()
                ? reader.awaitVersion(key, minVersion.get(), limits.maxReadWait())
                : reader.get(key);
        if (minVersion.isPresent()
                && record.map(r -> r.version() < minVersion.get()).orElse(minVersion.get() > 0)) {
            throw new GatewayException(
                    ErrorCode.VERSION_NOT_VISIBLE,
                    "the view has not reached version " + minVersion.get() + " within "
                            + limits.maxReadWait().toMillis()
                            + " ms; retry the read",
                    Map.of(
                            "currentVersion",
                            record.map(InventoryRecord::version).orElse(0L)),
                    Map.of());
        }
        InventoryRecord found = record.orElseThrow(() -> new GatewayException(
                ErrorCode.NOT_FOUND,
                "no record for product " + productId + " in store " + storeId + " (never written)"));
        if (found.deleted()) {
            throw new GatewayException(
                    ErrorCode.NOT_FOUND,
                    "the record of product " + productId + " in store " + storeId + " was deleted at version "
                            + found.version() + "; an update at version " + found.version() + " creates it again",
                    Map.of("deleted", true, "currentVersion", found.version()),
                    Map.of());
        }
        EntityTag tag = new EntityTag(String.valueOf(found.version()));
        if (ifNoneMatch.map(condition -> condition.matches(found.version())).orElse(false)) {
            return Response.notModified(tag).build();
        }
        // Written with the wire format's mapper: ISO-8601 times, as in every other body.
        return Response.ok(WireFormat.mapper().valueToTree(InventoryView.of(found)))
                .tag(tag)
                .build();
    }

    /** An {@code If-None-Match} header as read by every GET; 400 when it is not {@code *} or entity tags. */
    static Optional<EntityTags.IfNoneMatch> ifNoneMatch(String header) {
        if (header == null) {
            return Optional.empty();
        }
        return Optional.of(EntityTags.ifNoneMatch(header)
                .orElseThrow(() -> GatewayException.invalid(
                        "If-None-Match must be * or a list of entity tags, e.g. \"12\" or W/\"12\"")));
    }

    /** A read's {@code minVersion}; 400 when it is not a version number. */
    static Optional<Long> minVersion(String value) {
        return QueryParams.nonNegative("minVersion", value, "a version number >= 0");
    }

    private byte[] readBody(InputStream body, List<String> contentEncodings) {
        return RequestBodies.read(body, contentEncodings, limits.maxBodyBytes());
    }
}
