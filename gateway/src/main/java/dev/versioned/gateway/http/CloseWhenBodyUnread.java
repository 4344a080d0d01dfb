package dev.versioned.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import java.io.IOException;

/**
 * Before an answer is written: reads what is left of the request body (up to
 * {@link RequestBodies#DRAINED_BYTES}), and when the body still is not read to its end (larger than that, or
 * unreadable: a body that is not what its {@code Content-Encoding} says), answers with {@code Connection: close}.
 *
 * <p>Why: Jetty closes a connection whose request body was left unread, after the answer. Without the header the
 * client does not know, sends its next request on that connection and gets no answer at all ("header parser
 * received no bytes", seen in the HTTP fuzz about once in a few hundred hostile requests). With it, the client
 * opens a new connection.
 */
public final class CloseWhenBodyUnread implements ContainerResponseFilter {

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (servletRequest == null || finished()) {
            return;
        }
        RequestBodies.discard(servletRequest::getInputStream);
        if (!finished()) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private boolean finished() {
        try {
            return servletRequest.getInputStream().isFinished();
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: do not keep the connection
        }
    }
}
