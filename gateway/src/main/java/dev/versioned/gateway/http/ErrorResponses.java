package dev.versioned.gateway.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.schemas.WireFormat;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * The one error shape of the API: {@code {"error":{"code","message",...details}}}. Never a stack trace:
 * messages are written by the gateway or the processor, not taken from exceptions.
 */
public final class ErrorResponses {

    private ErrorResponses() {}

    public static ObjectNode body(String code, String message, Map<String, ?> details) {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code);
        error.put("message", message);
        details.forEach((name, value) -> error.set(name, WireFormat.mapper().valueToTree(value)));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("error", error);
        return root;
    }

    /** The gateway's own error: the code's status, the code, the message and details. */
    public static Response response(
            ErrorCode code, String message, Map<String, ?> details, Map<String, String> headers) {
        return response(code.status(), code.name(), message, details, headers);
    }

    /**
     * An error whose status Jersey decided (see {@link ErrorCode#ofFrameworkStatus}): it keeps that status,
     * which is not always its code's.
     */
    static Response response(
            int status, String code, String message, Map<String, ?> details, Map<String, String> headers) {
        Response.ResponseBuilder builder =
                Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(code, message, details));
        headers.forEach(builder::header);
        return builder.build();
    }
}
