package dev.versioned.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.ResultStatuses;
import dev.versioned.gateway.api.UpdateBody;
import dev.versioned.schemas.ParsedRequest;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.UpdateResult;
import dev.versioned.schemas.WireFormat;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns outcomes into HTTP: the statuses of {@link ResultStatuses} and {@link ErrorCode}.
 *
 * <p>An applied update answers the processor's result fields ({@code productId, newQuantity, newVersion,
 * applied, lastUpdated, code, ...}). A refusal is a problem ({@link ProblemResponses}): the result's
 * {@code error} text becomes {@code detail}, and the other result fields are extension members, so a 409
 * reads {@code {"type","title","status","detail","code","productId","applied":false,"currentVersion",...}}.
 * Both carry the record's version as {@code ETag}: the new one, or the current one a refusal reports.
 */
public final class OutcomeResponses {

    public static final String REPLAYED = "Idempotent-Replayed";
    public static final String RETRY_ADVICE =
            "retry with the same idempotency key: that is always safe, and applies the update at most once";

    private OutcomeResponses() {}

    /** The response to a single update. */
    public static Response single(UpdateRequest request, Outcome outcome, UpdateBody.IfMatchUse ifMatch) {
        if (outcome instanceof Outcome.Decided decided) {
            return decided(decided.result(), ifMatch);
        }
        throw gatewayError(request, outcome);
    }

    /** The error a non-decided outcome stands for. */
    public static GatewayException gatewayError(UpdateRequest request, Outcome outcome) {
        return gatewayError(request.productId(), request.idempotencyKey(), outcome);
    }

    /** The error a non-decided outcome of a request of this product under this key stands for. */
    public static GatewayException gatewayError(String productId, String idempotencyKey, Outcome outcome) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("productId", productId);
        details.put("idempotencyKey", idempotencyKey);
        return gatewayError(details, outcome);
    }

    /** The error a non-decided outcome stands for, with {@code details} (what the request was about) beside it. */
    public static GatewayException gatewayError(Map<String, Object> details, Outcome outcome) {
        if (outcome instanceof Outcome.NotWritten notWritten) {
            return new GatewayException(
                    ErrorCode.KAFKA_UNAVAILABLE,
                    notWritten.reason() + "; nothing was written, retry later",
                    details,
                    Map.of(ProblemResponses.RETRY_AFTER, ProblemResponses.DEFAULT_RETRY_AFTER));
        }
        if (outcome instanceof Outcome.Shed shed) {
            return new GatewayException(
                    ErrorCode.OVERLOADED,
                    shed.reason() + "; nothing was written, retry later",
                    details,
                    Map.of(ProblemResponses.RETRY_AFTER, ProblemResponses.DEFAULT_RETRY_AFTER));
        }
        String reason = outcome instanceof Outcome.Unknown unknown ? unknown.reason() : String.valueOf(outcome);
        return new GatewayException(
                ErrorCode.OUTCOME_UNKNOWN,
                reason + "; " + RETRY_ADVICE,
                details,
                Map.of(ProblemResponses.RETRY_AFTER, ProblemResponses.DEFAULT_RETRY_AFTER));
    }

    /** The response to a decided request: the result, or a problem with the result's fields. */
    static Response decided(UpdateResult result, UpdateBody.IfMatchUse ifMatch) {
        ObjectNode fields = WireFormat.mapper().valueToTree(result);
        if (result.applied()) {
            return answer(
                    Response.ok(fields).type(MediaType.APPLICATION_JSON_TYPE), result.newVersion(), result.replayed());
        }
        boolean preconditionFailed = ifMatch.failedBy(result.currentVersion().orElse(-1L));
        return refusal(
                ResultStatuses.of(result.code(), preconditionFailed),
                result.code(),
                result.error(),
                fields,
                result.currentVersion(),
                result.replayed());
    }

    /**
     * A refusal as a problem: the result's {@code error} as {@code detail}, its other fields as extensions, the
     * version it reports as {@code ETag}, {@value #REPLAYED} when it is a recorded outcome.
     */
    static Response refusal(
            int status,
            ResultCode code,
            Optional<String> error,
            ObjectNode fields,
            Optional<Long> currentVersion,
            boolean replayed) {
        fields.remove("error");
        Response.ResponseBuilder response = ProblemResponses.builder(
                status, ProblemResponses.body(status, code.name(), error.orElse(code.name()), fields), Map.of());
        return answer(response, currentVersion, replayed);
    }

    /** An answer with its version as {@code ETag} (when it has one), marked replayed when it is. */
    static Response answer(Response.ResponseBuilder response, Optional<Long> version, boolean replayed) {
        version.ifPresent(v -> response.tag(String.valueOf(v)));
        if (replayed) {
            response.header(REPLAYED, "true");
        }
        return response.build();
    }

    /** A batch item's result: the processor's result as it is, or the gateway's outcome in the same shape. */
    public static ObjectNode batchItem(ParsedRequest parsed, Optional<Outcome> outcome) {
        if (parsed instanceof ParsedRequest.Invalid invalid) {
            return WireFormat.mapper()
                    .valueToTree(UpdateResult.rejected(
                            invalid.storeId(),
                            invalid.productId(),
                            invalid.idempotencyKey(),
                            Optional.empty(),
                            ResultCode.INVALID_REQUEST,
                            invalid.message()));
        }
        UpdateRequest request = ((ParsedRequest.Valid) parsed).request();
        Outcome o = outcome.orElseThrow();
        if (o instanceof Outcome.Decided decided) {
            return WireFormat.mapper().valueToTree(decided.result());
        }
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        item.put("storeId", request.storeId());
        item.put("productId", request.productId());
        item.put("idempotencyKey", request.idempotencyKey());
        item.put("applied", false);
        GatewayException error = gatewayError(request, o);
        item.put("code", error.code().name());
        item.put("error", error.getMessage());
        return item;
    }
}
