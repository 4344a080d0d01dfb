package dev.versioned.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.gateway.api.ErrorCode;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Problem Details as the gateway renders them (RFC 9457). */
class ProblemResponsesTest {

    @Test
    @DisplayName("given a code and a detail, the problem has type, title, status, detail and code")
    void standardMembers() {
        ObjectNode problem = ProblemResponses.body(409, "VERSION_CONFLICT", "version 3 is not current", Map.of());
        assertThat(problem.get("type").asText()).isEqualTo("https://versioned.dev/problems/version-conflict");
        assertThat(problem.get("title").asText()).isEqualTo("Version conflict");
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("detail").asText()).isEqualTo("version 3 is not current");
        assertThat(problem.get("code").asText()).isEqualTo("VERSION_CONFLICT");
    }

    @Test
    @DisplayName("given extensions, they sit beside the standard members and never replace them")
    void extensions() {
        ObjectNode problem = ProblemResponses.body(
                400, "INVALID_REQUEST", "bad", Map.of("reason", "SCHEMA_INVALID", "status", 200, "title", "x"));
        assertThat(problem.get("reason").asText()).isEqualTo("SCHEMA_INVALID");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
    }

    @Test
    @DisplayName("given a framework status without a code, the type and title name the status")
    void frameworkStatus() {
        ObjectNode problem = ProblemResponses.body(418, "HTTP_418", "I'm a teapot", Map.of());
        assertThat(problem.get("type").asText()).isEqualTo("https://versioned.dev/problems/http-418");
        assertThat(problem.get("title").asText()).isEqualTo("HTTP 418");
    }

    @Test
    @DisplayName("given a 429, 503 or 504 without advice, the response carries Retry-After: 1 and problem+json")
    void retryAfterByDefault() {
        for (ErrorCode code :
                new ErrorCode[] {ErrorCode.OVERLOADED, ErrorCode.VIEW_NOT_READY, ErrorCode.OUTCOME_UNKNOWN}) {
            Response response = ProblemResponses.response(code, "later", Map.of(), Map.of());
            assertThat(response.getHeaderString("Retry-After")).as(code.name()).isEqualTo("1");
            assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
        }
    }

    @Test
    @DisplayName("given a Retry-After of its own, the response keeps it")
    void ownRetryAfter() {
        Response response =
                ProblemResponses.response(ErrorCode.RATE_LIMITED, "later", Map.of(), Map.of("Retry-After", "7"));
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
    }

    @Test
    @DisplayName("given a 4xx, no Retry-After is added")
    void noRetryAfterOnClientErrors() {
        Response response = ProblemResponses.response(ErrorCode.FORBIDDEN, "no", Map.of(), Map.of());
        assertThat(response.getHeaderString("Retry-After")).isNull();
    }
}
