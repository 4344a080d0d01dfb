package dev.versioned.gateway.http;

import dev.versioned.gateway.api.ErrorCode;
import dev.versioned.gateway.auth.ApiClient;
import dev.versioned.gateway.auth.ApiKeyAuthenticator;
import dev.versioned.gateway.auth.AuthRefusals;
import dev.versioned.gateway.auth.RateLimits;
import io.dropwizard.auth.AuthFilter;
import io.dropwizard.auth.UnauthorizedHandler;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * dropwizard-auth filter for the {@code X-API-Key} header: 401 with a problem body when the
 * header is missing or names no configured key; 429 {@code RATE_LIMITED} with {@code Retry-After} when the
 * key's rate limit is spent. Each refusal is logged and counted by the key's name ({@link AuthRefusals}).
 * Store scope (403) is checked by the resources, which know the store a request touches.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyAuthFilter extends AuthFilter<String, ApiClient> {

    public static final String HEADER = "X-API-Key";
    public static final String SCHEME = "ApiKey";

    private AuthRefusals refusals;
    private RateLimits rateLimits;

    @Override
    public void filter(ContainerRequestContext request) {
        String key = request.getHeaderString(HEADER);
        if (!authenticate(request, key, SCHEME)) {
            refusals.refused(
                    key == null || key.isEmpty() ? AuthRefusals.Reason.MISSING_KEY : AuthRefusals.Reason.UNKNOWN_KEY);
            drain(request);
            throw unauthorizedHandler.buildException(prefix, realm);
        }
        ApiClient client = (ApiClient) request.getSecurityContext().getUserPrincipal();
        Optional<Duration> wait = rateLimits.take(client);
        if (wait.isPresent()) {
            refusals.refused(AuthRefusals.Reason.RATE_LIMITED, client.name());
            drain(request);
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            throw new WebApplicationException(ProblemResponses.response(
                    ErrorCode.RATE_LIMITED,
                    "this API key's rate limit is spent: retry after " + seconds + " s",
                    Map.of(),
                    Map.of(ProblemResponses.RETRY_AFTER, String.valueOf(seconds))));
        }
    }

    /**
     * A refusal before the resource reads the body leaves it unread, and the server may then close the
     * connection just as a client reuses it for its next request (seen: "header parser received no
     * bytes" in the HTTP fuzz test). Reading a bounded body first keeps the connection usable. A body that
     * cannot be read or decoded never turns the refusal into another answer (it was a 500 for a body declared
     * gzip that was not).
     */
    private static void drain(ContainerRequestContext request) {
        // Not hasEntity(): it reads a byte to find out, and so fails on a body that cannot be decoded.
        RequestBodies.discard(request::getEntityStream);
    }

    /** Builds the filter around an authenticator, the keys' rate limits and the refusals' log and counters. */
    public static ApiKeyAuthFilter create(
            ApiKeyAuthenticator authenticator, RateLimits rateLimits, AuthRefusals refusals) {
        return new AuthFilterBuilder<String, ApiClient, ApiKeyAuthFilter>() {
            @Override
            protected ApiKeyAuthFilter newInstance() {
                ApiKeyAuthFilter filter = new ApiKeyAuthFilter();
                filter.rateLimits = rateLimits;
                filter.refusals = refusals;
                return filter;
            }
        }.setAuthenticator(authenticator)
                .setPrefix(SCHEME)
                .setRealm("inventory")
                .setUnauthorizedHandler(new JsonUnauthorized())
                .buildAuthFilter();
    }

    /** 401 as a problem, with {@code WWW-Authenticate}. */
    static final class JsonUnauthorized implements UnauthorizedHandler {
        @Override
        public Response buildResponse(String prefix, String realm) {
            return ProblemResponses.response(
                    ErrorCode.UNAUTHORIZED,
                    "a valid " + HEADER + " header is required",
                    java.util.Map.of(),
                    java.util.Map.of("WWW-Authenticate", prefix + " realm=\"" + realm + "\""));
        }

        @Override
        public RuntimeException buildException(String prefix, String realm) {
            return new WebApplicationException(buildResponse(prefix, realm));
        }
    }
}
