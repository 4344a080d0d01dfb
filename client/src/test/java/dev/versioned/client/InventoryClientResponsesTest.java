package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.ResultCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How {@link InventoryClient} reads the gateway's answers to an update: the table of the README. */
class InventoryClientResponsesTest {

    private static final String CONFLICT = """
            {"type":"https://versioned.dev/problems/version-conflict","title":"Version conflict","status":409,
             "detail":"version 1 is not current","code":"VERSION_CONFLICT",
             "storeId":"store-1","productId":"P","idempotencyKey":"k","applied":false,
             "replayed":false,"expectedVersion":1,"currentVersion":2,"currentQuantity":7}""";

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
        assertThat(InventoryClient.outcome(504, problem("OUTCOME_UNKNOWN", "m")))
                .isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    @DisplayName("503 means nothing was written, 429 that the gateway shed the request")
    void unavailableAndShed() {
        assertThat(InventoryClient.outcome(503, problem("KAFKA_UNAVAILABLE", "m")))
                .isInstanceOf(Outcome.NotWritten.class);
        assertThat(InventoryClient.outcome(429, problem("OVERLOADED", "m"))).isInstanceOf(Outcome.Shed.class);
    }

    @Test
    @DisplayName("429 RATE_LIMITED (the API key's rate limit) means nothing was written: back off and resend")
    void rateLimitedIsShed() {
        assertThat(InventoryClient.outcome(429, problem("RATE_LIMITED", "m"))).isInstanceOf(Outcome.Shed.class);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            502 | <html><body><h1>502 Bad Gateway</h1></body></html>
            503 | <html><body>503 Service Temporarily Unavailable</body></html>
            503 | {"message":"no healthy upstream"}
            503 | {"type":"https://versioned.dev/problems/view-not-ready","status":503,"code":"VIEW_NOT_READY","detail":"only a read answers this"}
            503 | ''
            500 | {"type":"https://versioned.dev/problems/internal-error","status":500,"code":"INTERNAL_ERROR","detail":"m","errorId":"e"}
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
        assertThatThrownBy(() -> InventoryClient.outcome(403, problem("FORBIDDEN", "store-2")))
                .isInstanceOfSatisfying(
                        NotAuthorized.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    @DisplayName("a 400 without a result is thrown as Invalid with the server's code and message")
    void invalid() {
        assertThatThrownBy(() -> InventoryClient.outcome(400, problem("INVALID_REQUEST", "productId must match")))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(e.getMessage()).contains("productId must match");
                });
    }

    @Test
    @DisplayName("given a Retry-After on an undecided answer, the outcome carries it for the retry policy")
    void retryAfterIsKept() {
        assertThat(InventoryClient.outcome(429, problem("OVERLOADED", "m"), Optional.of(Duration.ofSeconds(3)))
                        .retryAfter())
                .contains(Duration.ofSeconds(3));
        assertThat(InventoryClient.outcome(504, problem("OUTCOME_UNKNOWN", "m"), Optional.of(Duration.ofSeconds(1))))
                .isInstanceOfSatisfying(
                        Outcome.Unknown.class, u -> assertThat(u.retryAfter()).contains(Duration.ofSeconds(1)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            '3'                             | PT3S
            ' 0 '                           | PT0S
            'Wed, 21 Oct 2026 07:28:00 GMT' | ''
            '-1'                            | ''
            '1.5'                           | ''
            '9999999999'                    | ''
            """)
    @DisplayName("given a Retry-After value, as delay-seconds only whole seconds are read")
    void retryAfterValues(String header, String expected) {
        assertThat(InventoryClient.retryAfter(header)).isEqualTo(duration(expected));
    }

    @ParameterizedTest(name = "{0} (Date: {1})")
    @CsvSource(delimiter = '|', textBlock = """
            '7'                             | 'Wed, 21 Oct 2026 07:28:00 GMT' | PT7S
            'Wed, 21 Oct 2026 07:28:04 GMT' | 'Wed, 21 Oct 2026 07:28:00 GMT' | PT4S
            'Wed, 21 Oct 2026 08:28:00 GMT' | 'Wed, 21 Oct 2026 07:28:00 GMT' | PT1H
            'Wed, 21 Oct 2026 07:27:00 GMT' | 'Wed, 21 Oct 2026 07:28:00 GMT' | PT0S
            'Wed, 21 Oct 2026 07:28:09 GMT' | ''                              | PT9S
            'Wed, 21 Oct 2026 07:28:09 GMT' | 'not a date'                    | PT9S
            'Wednesday, 21-Oct-26 07:28:09' | 'Wed, 21 Oct 2026 07:28:00 GMT' | ''
            'soon'                          | 'Wed, 21 Oct 2026 07:28:00 GMT' | ''
            """)
    @DisplayName(
            "given a Retry-After date, the wait runs from the answer's Date (else from now, 07:28:00); a past date is no wait")
    void retryAfterDates(String header, String date, String expected) {
        Instant now = Instant.parse("2026-10-21T07:28:00Z");

        assertThat(InventoryClient.retryAfter(header, Optional.ofNullable(date).filter(d -> !d.isEmpty()), now))
                .isEqualTo(duration(expected));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            200 | <html><body>OK</body></html>
            200 | {"message":"ok"}
            200 | ''
            201 | {"storeId":"store-1"}
            204 | ''
            """)
    @DisplayName(
            "given a 2xx without a readable result, when reading the update's answer, then its outcome is unknown (unreadable), not a refusal")
    void givenUnreadableSuccess_whenReadingAnswer_thenUnknown(int status, String body) {
        assertThat(InventoryClient.outcome(status, body))
                .isInstanceOfSatisfying(
                        Outcome.Unknown.class,
                        u -> assertThat(u.kind()).isEqualTo(Outcome.Unknown.Kind.UNREADABLE_REPLY));
    }

    /** A duration of ISO-8601 text; empty for none. */
    private static Optional<Duration> duration(String expected) {
        return expected == null || expected.isEmpty() ? Optional.empty() : Optional.of(Duration.parse(expected));
    }

    private static String problem(String code, String detail) {
        return "{\"type\":\"https://versioned.dev/problems/x\",\"title\":\"t\",\"status\":400,\"code\":\"" + code
                + "\",\"detail\":\"" + detail + "\"}";
    }
}
