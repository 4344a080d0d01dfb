package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code Retry-After} on every call of both HTTP clients, against a real local HTTP server: an update, a transfer,
 * a read of a record, a document write and a document read, each answered first with the gateway's 429 or 503 and
 * {@code Retry-After}, then with success. The waits are recorded by a {@link FakeClock}, with a jitter of 0 so that
 * the backoff alone would resend at once.
 */
class RetryAfterOverHttpTest {

    private static final String RECORD = "{\"storeId\":\"store-1\",\"productId\":\"P\",\"quantity\":10,\"version\":3,"
            + "\"lastUpdated\":\"2026-01-01T00:00:00Z\"}";
    private static final String APPLIED = "{\"storeId\":\"store-1\",\"productId\":\"P\",\"idempotencyKey\":\"k\","
            + "\"applied\":true,\"code\":\"APPLIED\",\"replayed\":false,\"newQuantity\":11,\"newVersion\":4,"
            + "\"lastUpdated\":\"2026-01-01T00:00:00Z\"}";
    private static final String TRANSFERRED = "{\"productId\":\"P\",\"idempotencyKey\":\"t\",\"applied\":true,"
            + "\"code\":\"APPLIED\",\"replayed\":false,\"operation\":\"TRANSFER\",\"items\":["
            + item("store-1", 5, 4) + "," + item("store-2", 5, 8) + "]}";
    private static final String DOCUMENT = "{\"collection\":\"wallets\",\"id\":\"w-1\",\"version\":1,"
            + "\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"document\":{\"balance\":1}}";

    /** One call of a client, and the answer that ends it. */
    enum Call {
        UPDATE(APPLIED, c -> c.inventory.apply(UpdateRequest.adjust("store-1", "P", 1, 3, "k"))),
        TRANSFER(
                TRANSFERRED,
                c -> c.inventory.transfer(TransferRequest.of(
                        "P",
                        "t",
                        List.of(
                                TransferRequest.Item.adjust("store-1", -5, 3),
                                TransferRequest.Item.adjust("store-2", 5, 7))))),
        READ(RECORD, c -> c.inventory.read("store-1", "P")),
        DOCUMENT_WRITE(DOCUMENT, c -> c.documents.apply(DocumentRequest.put("wallets", "w-1", balance(), 0, "d"))),
        DOCUMENT_READ(DOCUMENT, c -> c.documents.read("wallets", "w-1"));

        final String success;
        final Function<RetryAfterOverHttpTest, Object> run;

        Call(String success, Function<RetryAfterOverHttpTest, Object> run) {
            this.success = success;
            this.run = run;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final CannedServer server = new CannedServer();
    private final Queue<String> requests = server.requests;
    private InventoryClient inventory;
    private DocumentsClient documents;

    @BeforeEach
    void startClients() {
        useDeadline(Duration.ofSeconds(30));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @ParameterizedTest(name = "{0} after {1} {2}")
    @CsvSource(textBlock = """
            UPDATE,         429, OVERLOADED
            UPDATE,         429, RATE_LIMITED
            UPDATE,         503, KAFKA_UNAVAILABLE
            TRANSFER,       429, OVERLOADED
            TRANSFER,       503, KAFKA_UNAVAILABLE
            READ,           429, RATE_LIMITED
            READ,           503, VIEW_NOT_READY
            DOCUMENT_WRITE, 429, OVERLOADED
            DOCUMENT_WRITE, 503, KAFKA_UNAVAILABLE
            DOCUMENT_READ,  429, RATE_LIMITED
            DOCUMENT_READ,  503, VIEW_NOT_READY
            """)
    @DisplayName("given a 429 or 503 with Retry-After: 3, when calling, then the call is repeated after those 3 s")
    void givenRetryAfterSeconds_whenCalling_thenRepeatedAfterThatWait(Call call, int status, String code) {
        // given
        answer(status, code, "3", call);
        // when
        call.run.apply(this);
        // then
        assertThat(requests).hasSize(2);
        assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UPDATE", "TRANSFER", "READ", "DOCUMENT_WRITE", "DOCUMENT_READ"})
    @DisplayName(
            "given a 503 whose Retry-After is an HTTP date an hour ahead, when calling, then it is waited, capped at maxRetryAfter")
    void givenRetryAfterDate_whenCalling_thenWaitedUpToTheCap(Call call) {
        // given an answer asking to come back in an hour, as a date (the server dates its answers itself, to the
        // second: InventoryClientResponsesTest holds the arithmetic against a fixed Date)
        answer(503, "KAFKA_UNAVAILABLE", "+3600s", call);
        // when
        call.run.apply(this);
        // then
        assertThat(requests).hasSize(2);
        assertThat(clock.sleeps).containsExactly(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UPDATE", "TRANSFER", "READ", "DOCUMENT_WRITE", "DOCUMENT_READ"})
    @DisplayName("given a 429 with Retry-After: 3600, when calling, then the wait is capped at maxRetryAfter (10 s)")
    void givenHugeRetryAfter_whenCalling_thenCapped(Call call) {
        answer(429, "OVERLOADED", "3600", call);

        call.run.apply(this);

        assertThat(clock.sleeps).containsExactly(RetryPolicy.DEFAULT_MAX_RETRY_AFTER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UPDATE", "TRANSFER", "READ", "DOCUMENT_WRITE", "DOCUMENT_READ"})
    @DisplayName(
            "given a 503 whose Retry-After does not fit the deadline, when calling, then the call ends at once as Unavailable")
    void givenRetryAfterBeyondDeadline_whenCalling_thenEndsAtOnce(Call call) {
        // given a 5 s deadline and an answer asking for 8 s
        useDeadline(Duration.ofSeconds(5));
        answer(503, "KAFKA_UNAVAILABLE", "8", call);
        // when, then: one request, no wait
        assertThatThrownBy(() -> call.run.apply(this)).isInstanceOf(Unavailable.class);
        assertThat(requests).hasSize(1);
        assertThat(clock.sleeps).isEmpty();
    }

    private void useDeadline(Duration deadline) {
        InventoryClient.Builder builder = server.client(RetryPolicy.builder()
                .deadline(deadline)
                .clock(clock)
                .jitter(() -> 0.0)
                .build());
        inventory = builder.build();
        documents = builder.buildDocuments();
    }

    /** The answers: a problem of {@code status} and {@code code} with {@code Retry-After}, then success. */
    private void answer(int status, String code, String retryAfter, Call call) {
        server.answers.add(new CannedServer.Canned(
                status, "application/problem+json", problem(status, code), retryAfter(retryAfter)));
        server.answers.add(new CannedServer.Canned(200, "application/json", call.success));
    }

    /** {@code +Ns}: an HTTP date N seconds from now; anything else as it is. */
    private static String retryAfter(String value) {
        if (!value.startsWith("+")) {
            return value;
        }
        long seconds = Long.parseLong(value.substring(1, value.length() - 1));
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(
                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(seconds));
    }

    private static String problem(int status, String code) {
        return "{\"type\":\"https://versioned.dev/problems/x\",\"title\":\"t\",\"status\":" + status
                + ",\"detail\":\"canned\",\"code\":\"" + code + "\"}";
    }

    private static String item(String store, long quantity, long version) {
        return "{\"storeId\":\"" + store + "\",\"productId\":\"P\",\"idempotencyKey\":\"t\",\"applied\":true,"
                + "\"code\":\"APPLIED\",\"replayed\":false,\"newQuantity\":" + quantity + ",\"newVersion\":" + version
                + ",\"lastUpdated\":\"2026-01-01T00:00:00Z\"}";
    }

    private static ObjectNode balance() {
        return WireFormat.mapper().createObjectNode().put("balance", 1);
    }
}
