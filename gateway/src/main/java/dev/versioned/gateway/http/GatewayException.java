package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A refusal decided by the gateway itself (bad input, scope, overload, Kafka trouble), mapped once by
 * {@link GatewayExceptionMapper} to a problem ({@link ProblemResponses}). Its status is its code's. No stack trace is
 * kept: it is not an error of the gateway.
 */
public final class GatewayException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, ?> details;
    private final Map<String, String> headers;

    public GatewayException(ErrorCode code, String message, Map<String, ?> details, Map<String, String> headers) {
        super(message, null, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
        this.headers = Map.copyOf(headers);
    }

    public GatewayException(ErrorCode code, String message) {
        this(code, message, Map.of(), Map.of());
    }

    public static GatewayException invalid(String message) {
        return new GatewayException(ErrorCode.INVALID_REQUEST, message);
    }

    public Response toResponse() {
        return ProblemResponses.response(code, getMessage(), details, headers);
    }

    public ErrorCode code() {
        return code;
    }
}
