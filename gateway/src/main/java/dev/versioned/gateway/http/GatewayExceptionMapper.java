package dev.versioned.gateway.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Maps {@link GatewayException} to its error response. */
public final class GatewayExceptionMapper implements ExceptionMapper<GatewayException> {
    @Override
    public Response toResponse(GatewayException exception) {
        return exception.toResponse();
    }
}
