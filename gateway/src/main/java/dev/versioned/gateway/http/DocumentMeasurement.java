package dev.versioned.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.schemas.ResultCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Counts every answer of a document write by its collection, the code it carries and its status, from the answer
 * itself, as {@link UpdateMeasurement} counts updates: so the refusals that never reach the resource (the API key
 * filter's 401, the exception mappers' answers) count too. An applied write (200) is {@code APPLIED}; a replayed
 * answer ({@value OutcomeResponses#REPLAYED}) also counts as a replay.
 */
@MeasuredDocument
@Priority(Priorities.AUTHENTICATION - 100) // before the API key check, so that its refusals are counted too
public final class DocumentMeasurement implements ContainerResponseFilter {

    private final GatewayMetrics metrics;

    public DocumentMeasurement(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String collection = request.getUriInfo().getPathParameters().getFirst("collection");
        int status = response.getStatus();
        metrics.documentAnswered(
                collection == null ? GatewayMetrics.UNKNOWN_COLLECTION : collection, code(response, status), status);
        if ("true".equals(response.getHeaderString(OutcomeResponses.REPLAYED))) {
            metrics.replayed();
        }
    }

    private static String code(ContainerResponseContext response, int status) {
        if (status == 200) {
            return ResultCode.APPLIED.name();
        }
        if (response.getEntity() instanceof JsonNode body && body.path("code").isTextual()) {
            return body.path("code").asText();
        }
        return ErrorCode.ofFrameworkStatus(status);
    }
}
