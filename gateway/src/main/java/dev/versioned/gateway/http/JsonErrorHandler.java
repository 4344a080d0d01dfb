package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before Jersey sees the request (malformed or ambiguous URIs, header
 * fields too large, unparseable requests), as Problem Details ({@link ProblemResponses}) instead of Jetty's HTML
 * page, with {@code Retry-After} on a 429, 503 or 504, whatever the method.
 * Never a stack trace: only the status and Jetty's short reason.
 */
public final class JsonErrorHandler extends org.eclipse.jetty.server.handler.ErrorHandler {

    /** The same for the servlet context, where Jetty expects its servlet flavour of error handler. */
    public static final class ForServlets extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(
                Request request,
                Response response,
                Callback callback,
                String contentType,
                List<Charset> charsets,
                int code,
                String message,
                Throwable cause) {
            return writeJson(response, callback, code, message);
        }

        @Override
        @SuppressWarnings("removal")
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            return badMessage(status, reason, fields);
        }
    }

    @Override
    protected boolean generateAcceptableResponse(
            Request request,
            Response response,
            Callback callback,
            String contentType,
            List<Charset> charsets,
            int code,
            String message,
            Throwable cause) {
        return writeJson(response, callback, code, message);
    }

    /**
     * Every method gets its problem. Jetty writes an error body for GET, POST and HEAD only, so a PUT, PATCH or
     * DELETE refused by Jetty or Jersey (an unparseable Content-Type) and a method no resource takes (TRACE, made-up
     * ones) were answered with an empty body.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    static boolean writeJson(Response response, Callback callback, int code, String message) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON);
        if (ProblemResponses.advisesRetry(code)) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, ProblemResponses.DEFAULT_RETRY_AFTER);
        }
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        return true;
    }

    @Override
    @SuppressWarnings("removal") // still how Jetty 12.1 answers unparseable requests (e.g. 431)
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        return badMessage(status, reason, fields);
    }

    static ByteBuffer badMessage(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ProblemResponses.PROBLEM_JSON);
        if (ProblemResponses.advisesRetry(status)) {
            fields.put(HttpHeader.RETRY_AFTER, ProblemResponses.DEFAULT_RETRY_AFTER);
        }
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String message) {
        String reason = message == null || message.isBlank()
                ? "HTTP " + status
                : message.length() > 200 ? message.substring(0, 200) : message;
        return ProblemResponses.body(status, ErrorCode.ofFrameworkStatus(status), reason, Map.of())
                .toString()
                .getBytes(StandardCharsets.UTF_8);
    }
}
