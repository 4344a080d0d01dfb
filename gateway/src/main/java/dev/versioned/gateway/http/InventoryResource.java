package dev.versioned.gateway.http;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.api.BatchResponse;
import dev.versioned.gateway.api.BatchSummary;
import dev.versioned.gateway.api.EntityTags;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.InventoryView;
import dev.versioned.gateway.api.UpdateBody;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.kafka.RecordReader;
import dev.versioned.gateway.kafka.UpdateExchange;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.RecordKey;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateRequestValidator;
import dev.versioned.schemas.WireFormat;
import io.dropwizard.auth.Auth;
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

    private final UpdateExchange exchange;
    private final RecordReader reader;
    private final RequestLimits limits;
    private final AuthRefusals refusals;

    public InventoryResource(
            UpdateExchange exchange, RecordReader reader, RequestLimits limits, AuthRefusals refusals) {
        this.exchange = exchange;
        this.reader = reader;
        this.limits = limits;
        this.refusals = refusals;
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
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", invalid.reason().name());
            invalid.productId().ifPresent(id -> details.put("productId", id));
            throw new GatewayException(ErrorCode.INVALID_REQUEST, invalid.message(), details, Map.of());
        }
        UpdateRequest request = ((ParsedRequest.Valid) single.request()).request();
        requireScope(client, request.storeId());
        Outcome outcome =
                exchange.exchange(List.of(request), limits.requestTimeout()).get(0);
        return OutcomeResponses.single(request, outcome, single.ifMatch());
    }

    private Response batch(ApiClient client, UpdateBody.Batch batch) {
        requireScope(client, batch.storeId());
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
        if (!UpdateRequestValidator.ID.matcher(productId).matches()) {
            throw GatewayException.invalid("productId must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        String storeId = Optional.ofNullable(storeIdParam)
                .or(client::singleStore)
                .orElseThrow(
                        () -> GatewayException.invalid("storeId is required: this API key covers more than one store"));
        if (!UpdateRequestValidator.ID.matcher(storeId).matches()) {
            throw GatewayException.invalid("storeId must be 1..128 characters of [A-Za-z0-9._:-]");
        }
        requireScope(client, storeId);
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
        EntityTag tag = new EntityTag(String.valueOf(found.version()));
        if (ifNoneMatch.map(condition -> condition.matches(found.version())).orElse(false)) {
            return Response.notModified(tag).build();
        }
        // Written with the wire format's mapper: ISO-8601 times, as in every other body.
        return Response.ok(WireFormat.mapper().valueToTree(InventoryView.of(found)))
                .tag(tag)
                .build();
    }

    private static Optional<EntityTags.IfNoneMatch> ifNoneMatch(String header) {
        if (header == null) {
            return Optional.empty();
        }
        return Optional.of(EntityTags.ifNoneMatch(header)
                .orElseThrow(() -> GatewayException.invalid(
                        "If-None-Match must be * or a list of entity tags, e.g. \"12\" or W/\"12\"")));
    }

    private void requireScope(ApiClient client, String storeId) {
        if (!client.mayAccess(storeId)) {
            refusals.refused(AuthRefusals.Reason.FORBIDDEN_STORE, client.name());
            throw new GatewayException(ErrorCode.FORBIDDEN, "this API key may not access store " + storeId);
        }
    }

    private static Optional<Long> minVersion(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw GatewayException.invalid("minVersion must be a version number >= 0");
        }
        return Optional.of(Long.parseLong(value));
    }

    private byte[] readBody(InputStream body, List<String> contentEncodings) {
        return RequestBodies.read(body, contentEncodings, limits.maxBodyBytes());
    }
}
