package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ResultCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link InventoryClient} reads the gateway's answers to an update: the table of the README. */
class InventoryClientResponsesTest {

    private static final String CONFLICT = """
            {"storeId":"store-1","productId":"P","idempotencyKey":"k","applied":false,"code":"VERSION_CONFLICT",
             "replayed":false,"expectedVersion":1,"currentVersion":2,"currentQuantity":7,
             "error":{"code":"VERSION_CONFLICT","message":"version 1 is not current","currentVersion":2}}""";

    @Test
    @DisplayName("a 409 carries the processor's result: decided, with the current version and quantity")
    void conflictIsDecided() {
        Outcome outcome = InventoryClient.outcome(409, CONFLICT);

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Decided.class, d -> {
            assertThat(d.result().code()).isEqualTo(ResultCode.VERSION_CONFLICT);
            assertThat(d.result().currentVersion()).contains(2L);
            assertThat(d.result().currentQuantity()).contains(7L);
            assertThat(d.result().error()).contains("version 1 is not current");
        });
    }

    @Test
    @DisplayName("504 OUTCOME_UNKNOWN is an unknown outcome")
    void gatewayTimeoutIsUnknown() {
        assertThat(InventoryClient.outcome(504, "{\"error\":{\"code\":\"OUTCOME_UNKNOWN\",\"message\":\"m\"}}"))
                .isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    @DisplayName("503 means nothing was written, 429 that the gateway shed the request")
    void unavailableAndShed() {
        assertThat(InventoryClient.outcome(503, "{\"error\":{\"code\":\"KAFKA_UNAVAILABLE\",\"message\":\"m\"}}"))
                .isInstanceOf(Outcome.NotWritten.class);
        assertThat(InventoryClient.outcome(429, "{\"error\":{\"code\":\"OVERLOADED\",\"message\":\"m\"}}"))
                .isInstanceOf(Outcome.Shed.class);
    }

    @Test
    @DisplayName("429 RATE_LIMITED (the API key's rate limit) means nothing was written: back off and resend")
    void rateLimitedIsShed() {
        assertThat(InventoryClient.outcome(429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"m\"}}"))
                .isInstanceOf(Outcome.Shed.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            502 | <html><body><h1>502 Bad Gateway</h1></body></html>
            503 | <html><body>503 Service Temporarily Unavailable</body></html>
            503 | {"message":"no healthy upstream"}
            503 | {"error":{"code":"VIEW_NOT_READY","message":"only a read answers this"}}
            503 | ''
            500 | {"error":{"code":"INTERNAL_ERROR","message":"m","errorId":"e"}}
            429 | Too Many Requests
            599 | ?
            """)
    @DisplayName(
            "given a 5xx or 429 the gateway did not vouch for, when reading the update's answer, then its outcome is unknown")
    void givenUnvouchedServerError_whenReadingAnswer_thenUnknown(int status, String body) {
        assertThat(InventoryClient.outcome(status, body)).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    @DisplayName("401 and 403 are thrown as NotAuthorized with their status")
    void notAuthorized() {
        assertThatThrownBy(() ->
                        InventoryClient.outcome(403, "{\"error\":{\"code\":\"FORBIDDEN\",\"message\":\"store-2\"}}"))
                .isInstanceOfSatisfying(
                        NotAuthorized.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    @DisplayName("a 400 without a result is thrown as Invalid with the server's code and message")
    void invalid() {
        assertThatThrownBy(() -> InventoryClient.outcome(
                        400, "{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"productId must match\"}}"))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(e.getMessage()).contains("productId must match");
                });
    }
}
