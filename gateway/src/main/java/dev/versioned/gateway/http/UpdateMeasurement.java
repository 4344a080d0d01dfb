package dev.versioned.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.versioned.gateway.api.BatchResponse;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.ResultStatuses;
import dev.versioned.gateway.metrics.GatewayMetrics;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Counts and times every answer of the update endpoint, from the answer itself: one count per single update
 * or per batch item, by the code it carries and its status, and one duration per HTTP request. Reading the
 * answer, rather than counting where each one is decided, also counts the refusals that never reach the
 * resource (the API key filter's 401) and those of the exception mappers (415, 500).
 *
 * <p>A batch item counts with the status its code has as a single update (a conflict in a batch is 409),
 * while the batch itself answers 200. A batch refused as a whole (400, 403, 429, 503) counts once.
 */
@MeasuredUpdate
@Priority(Priorities.AUTHENTICATION - 100) // before the API key check, so that its refusals are timed too
public final class UpdateMeasurement implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = UpdateMeasurement.class.getName() + ".started";

    private final GatewayMetrics metrics;

    public UpdateMeasurement(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof BatchResponse batch) {
            for (JsonNode item : batch.results()) {
                String code = item.path("code").asText();
                count(code, ResultStatuses.ofItemCode(code).orElse(response.getStatus()), item);
            }
        } else {
            JsonNode body = response.getEntity() instanceof JsonNode json ? json : MissingNode.getInstance();
            count(code(body, response.getStatus()), response.getStatus(), body);
        }
        if (request.getProperty(STARTED) instanceof Long started) {
            metrics.requestDuration(System.nanoTime() - started);
        }
    }

    private void count(String code, int status, JsonNode answer) {
        metrics.answered(code, status);
        if (answer.path("replayed").asBoolean(false)) {
            metrics.replayed();
        }
    }

    /** A decided update carries the result's {@code code}, every error {@code error.code}. */
    private static String code(JsonNode body, int status) {
        JsonNode code = body.path("code");
        if (code.isTextual()) {
            return code.asText();
        }
        code = body.path("error").path("code");
        return code.isTextual() ? code.asText() : ErrorCode.ofFrameworkStatus(status);
    }
}
