package dev.versioned.gateway.http;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A refusal decided by the gateway itself (bad input, scope, overload, Kafka trouble), mapped once by
 * {@link GatewayExceptionMapper} to the product's error body. No stack trace is kept: it is not an error
 * of the gateway.
 */
public final class GatewayException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, ?> details;
    private final Map<String, String> headers;

    public GatewayException(
            int status, String code, String message, Map<String, ?> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = Map.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public GatewayException(int status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    public static GatewayException invalid(String message) {
        return new GatewayException(400, "INVALID_REQUEST", message);
    }

    public Response toResponse() {
        return ErrorResponses.response(status, code, getMessage(), details, headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
