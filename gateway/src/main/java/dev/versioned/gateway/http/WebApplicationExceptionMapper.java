package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Jersey's own refusals (unknown path, wrong method, unacceptable media type, ...) as Problem Details
 * ({@link ProblemResponses}), keeping their status and {@code Allow}. A response that already carries an entity (such as the 401 of the auth filter) is kept as it is.
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    private HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        drainBody();
        Response original = exception.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        int status = original.getStatus();
        Map<String, String> headers = new LinkedHashMap<>();
        String allow = original.getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            headers.put(HttpHeaders.ALLOW, allow);
        }
        return ProblemResponses.response(
                status, ErrorCode.ofFrameworkStatus(status), messageOf(status), Map.of(), headers);
    }

    /**
     * Jersey refuses some requests (an unparseable Content-Type, say) before anyone reads their body. Jetty
     * cannot keep a connection whose body was left unread: it closes it, and a client that already reuses the
     * connection for its next request gets no answer. So what is left of the body is read and dropped first.
     */
    private void drainBody() {
        if (request != null && (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null)) {
            RequestBodies.discard(request::getInputStream);
        }
    }

    private static String messageOf(int status) {
        return switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            default -> {
                Response.Status known = Response.Status.fromStatusCode(status);
                yield known == null ? "HTTP " + status : known.getReasonPhrase();
            }
        };
    }
}
