package dev.versioned.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.metrics.GatewayMetrics;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Counts every answer of the stream API by operation ({@code append}, {@code read}, {@code version}), the code it
 * carries and its status, from the answer itself, as {@link DocumentMeasurement} counts document writes: so the
 * refusals that never reach the resource (the API key filter's 401, the exception mappers' answers) count too. An
 * applied append is {@code APPLIED}, a read answered 200 {@code OK}; a replayed append ({@value
 * OutcomeResponses#REPLAYED}) also counts as a replay.
 */
@MeasuredStream
@Priority(Priorities.AUTHENTICATION - 100) // before the API key check, so that its refusals are counted too
public final class StreamMeasurement implements ContainerResponseFilter {

    private final GatewayMetrics metrics;

    public StreamMeasurement(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        String operation = operation(request);
        metrics.streamAnswered(operation, code(response, status, operation), status);
        if ("true".equals(response.getHeaderString(OutcomeResponses.REPLAYED))) {
            metrics.replayed();
        }
    }

    private static String operation(ContainerRequestContext request) {
        if (HttpMethod.POST.equals(request.getMethod())) {
            return GatewayMetrics.STREAM_APPEND;
        }
        return request.getUriInfo().getPath().endsWith("/version")
                ? GatewayMetrics.STREAM_VERSION
                : GatewayMetrics.STREAM_READ;
    }

    private static String code(ContainerResponseContext response, int status, String operation) {
        if (status == 200) {
            return GatewayMetrics.STREAM_APPEND.equals(operation) ? "APPLIED" : GatewayMetrics.OK;
        }
        if (response.getEntity() instanceof JsonNode body && body.path("code").isTextual()) {
            return body.path("code").asText();
        }
        return ErrorCode.ofFrameworkStatus(status);
    }
}
