package dev.versioned.gateway.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.api.ProblemTypes;
import dev.versioned.schemas.WireFormat;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;

/**
 * The one error shape of the API, RFC 9457 Problem Details ({@code application/problem+json}):
 * {@code {"type","title","status","detail","code",...extensions}}. {@code type} and {@code title} are fixed
 * per code ({@link ProblemTypes}); {@code detail} says what happened this time; {@code code} is the gateway's
 * {@link ErrorCode} or the processor's result code, which clients act on; further members (a refusal's
 * result fields, {@code errorId}, {@code reason}) sit beside them. Never a stack trace: details are written
 * by the gateway or the processor, not taken from exceptions.
 *
 * <p>Every 429, 503 and 504 carries {@code Retry-After} (1 s unless the answer names its own wait).
 */
public final class ProblemResponses {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final MediaType PROBLEM_JSON_TYPE = new MediaType("application", "problem+json");
    public static final String RETRY_AFTER = "Retry-After";

    /** Seconds to wait when a 429, 503 or 504 has no better advice. */
    static final String DEFAULT_RETRY_AFTER = "1";

    /** The members RFC 9457 defines, plus {@code code}: extensions never overwrite them. */
    private static final Set<String> STANDARD = Set.of("type", "title", "status", "detail", "instance", "code");

    private ProblemResponses() {}

    /** A problem body; {@code extensions} are written as JSON beside the standard members. */
    public static ObjectNode body(int status, String code, String detail, Map<String, ?> extensions) {
        ObjectNode problem = standard(status, code, detail);
        extensions.forEach((name, value) -> {
            if (!STANDARD.contains(name)) {
                problem.set(name, WireFormat.mapper().valueToTree(value));
            }
        });
        return problem;
    }

    /** A problem body whose extensions are the fields of {@code extensions} (a refusal's result fields). */
    public static ObjectNode body(int status, String code, String detail, ObjectNode extensions) {
        ObjectNode problem = standard(status, code, detail);
        for (Map.Entry<String, JsonNode> field : extensions.properties()) {
            if (!STANDARD.contains(field.getKey())) {
                problem.set(field.getKey(), field.getValue());
            }
        }
        return problem;
    }

    private static ObjectNode standard(int status, String code, String detail) {
        ObjectNode problem = JsonNodeFactory.instance.objectNode();
        problem.put("type", ProblemTypes.type(code).toString());
        problem.put("title", ProblemTypes.title(code));
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("code", code);
        return problem;
    }

    /** The gateway's own error: the code's status, the code, the detail, extensions and headers. */
    public static Response response(
            ErrorCode code, String detail, Map<String, ?> extensions, Map<String, String> headers) {
        return response(code.status(), code.name(), detail, extensions, headers);
    }

    /**
     * An error whose status Jersey decided (see {@link ErrorCode#ofFrameworkStatus}): it keeps that status,
     * which is not always its code's.
     */
    static Response response(
            int status, String code, String detail, Map<String, ?> extensions, Map<String, String> headers) {
        return builder(status, body(status, code, detail, extensions), headers).build();
    }

    /** A problem response under construction, for answers that add headers of their own ({@code ETag}). */
    static Response.ResponseBuilder builder(int status, ObjectNode problem, Map<String, String> headers) {
        Response.ResponseBuilder builder =
                Response.status(status).type(PROBLEM_JSON_TYPE).entity(problem);
        headers.forEach(builder::header);
        if (advisesRetry(status) && !headers.containsKey(RETRY_AFTER)) {
            builder.header(RETRY_AFTER, DEFAULT_RETRY_AFTER);
        }
        return builder;
    }

    /** Statuses that always carry {@code Retry-After}: try again later, whether or not anything was written. */
    static boolean advisesRetry(int status) {
        return status == 429 || status == 503 || status == 504;
    }
}
