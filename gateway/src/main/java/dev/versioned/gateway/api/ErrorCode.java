package dev.versioned.gateway.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The gateway's own error codes, each with its HTTP status, written once: the exceptions, the error bodies
 * and the metrics' {@code outcome}/{@code status} labels all read them from here. The processor's result
 * codes and their statuses are in {@link ResultStatuses}.
 *
 * <p>Several codes share a status (503, 504): the code says what happened, and the client acts on it. Only
 * {@link #OVERLOADED} and {@link #KAFKA_UNAVAILABLE} promise that nothing was written.
 */
public enum ErrorCode {
    /** Malformed body, a field rule broken, oversized, contradicting headers, a bad query. */
    INVALID_REQUEST(400, "Invalid request"),
    /** {@code X-API-Key} missing or unknown. */
    UNAUTHORIZED(401, "Unauthorized"),
    /** A store outside the key's stores, a document collection outside its collections. */
    FORBIDDEN(403, "Forbidden"),
    /**
     * A read of a record or document never written or deleted ({@code deleted: true}); a collection the gateway
     * does not serve (naming those it does); an unknown path.
     */
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    /**
     * A document (or merge patch) larger than {@code documents.maxDocumentBytes}, naming the limit; nothing was
     * sent. An oversized inventory body is {@link #INVALID_REQUEST}. Jetty's own 413 has this name too.
     */
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    /**
     * An {@code If-Match} that can match no record: a weak entity tag (If-Match compares strongly), or a tag
     * that is not a version. Nothing was sent.
     */
    PRECONDITION_FAILED(412, "Precondition failed"),
    URI_TOO_LONG(414, "URI too long"),
    /** A {@code Content-Encoding} the gateway does not decode; a document PATCH not sent as merge patch. */
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    /**
     * A DELETE without {@code If-Match}: it is decided at the version the caller read; a document PUT with
     * neither {@code If-Match} nor {@code If-None-Match: *}, a document PATCH without {@code If-Match}. Nothing
     * was sent.
     */
    PRECONDITION_REQUIRED(428, "Precondition required"),
    /** The pending bound is full; nothing was written. */
    OVERLOADED(429, "Overloaded"),
    /** The API key's rate limit is spent; nothing was written; {@code Retry-After} says when to come back. */
    RATE_LIMITED(429, "Rate limited"),
    HEADERS_TOO_LARGE(431, "Request headers too large"),
    /** A bug: the body carries only an error id that is in the log. */
    INTERNAL_ERROR(500, "Internal error"),
    /** Kafka certainly did not take the request: nothing was written. */
    KAFKA_UNAVAILABLE(503, "Kafka unavailable"),
    /** A read while the state view is still replaying the state topic. */
    VIEW_NOT_READY(503, "State view not ready"),
    /** No decision within the deadline: it may have been applied; resending with the same key is safe. */
    OUTCOME_UNKNOWN(504, "Outcome unknown"),
    /** A read's {@code minVersion} was not reached within its wait. */
    VERSION_NOT_VISIBLE(504, "Version not visible");

    /**
     * The statuses Jersey or Jetty answer by themselves (unknown paths, wrong methods, bad URIs, oversized
     * headers), named by these codes. Not {@link #OVERLOADED}: a 429 from elsewhere promises nothing.
     */
    private static final Set<ErrorCode> NAMES_FRAMEWORK_STATUS = EnumSet.of(
            INVALID_REQUEST,
            UNAUTHORIZED,
            FORBIDDEN,
            NOT_FOUND,
            METHOD_NOT_ALLOWED,
            NOT_ACCEPTABLE,
            PAYLOAD_TOO_LARGE,
            URI_TOO_LONG,
            UNSUPPORTED_MEDIA_TYPE,
            HEADERS_TOO_LARGE);

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    /** The problem's fixed title (RFC 9457), the same for every occurrence; see {@link ProblemTypes}. */
    public String title() {
        return title;
    }

    /** The HTTP status this code is answered with. */
    public int status() {
        return status;
    }

    /** The code as a metrics label: {@code overloaded}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The code for an error status that Jersey or Jetty answered by themselves. Such an answer keeps its own
     * status: any 5xx is {@code INTERNAL_ERROR} (a 503 of Jetty's is not the gateway's
     * {@code KAFKA_UNAVAILABLE}), and a 4xx no code names is {@code HTTP_<status>}.
     */
    public static String ofFrameworkStatus(int status) {
        if (status >= 500) {
            return INTERNAL_ERROR.name();
        }
        for (ErrorCode code : NAMES_FRAMEWORK_STATUS) {
            if (code.status == status) {
                return code.name();
            }
        }
        return "HTTP_" + status;
    }
}
