package dev.versioned.gateway.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Reads what is left of a request body (up to {@link RequestBodies#DRAINED_BYTES}) before any
 * {@code sendError}. Jersey refuses some requests that way before anyone reads their body (an unparseable
 * {@code Content-Type}, for one); Jetty then closes the connection while a chunked body is still coming,
 * and the client's TCP stack may drop the answer with the reset (seen: "header parser received no bytes"
 * for about one such request in twenty). Once {@code sendError} has run it is too late: Jetty has already
 * failed the unread content.
 */
public final class DrainBeforeSendError implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse) {
            chain.doFilter(request, new HttpServletResponseWrapper(httpResponse) {
                @Override
                public void sendError(int status, String message) throws IOException {
                    drain(http);
                    super.sendError(status, message);
                }

                @Override
                public void sendError(int status) throws IOException {
                    drain(http);
                    super.sendError(status);
                }
            });
        } else {
            chain.doFilter(request, response);
        }
    }

    private static void drain(HttpServletRequest request) {
        RequestBodies.discard(request::getInputStream);
    }
}
