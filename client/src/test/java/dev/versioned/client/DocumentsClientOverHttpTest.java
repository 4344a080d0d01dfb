package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DocumentOperation;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.WireFormat;
import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link DocumentsClient} against a real local HTTP server with canned answers: which 404s are the document's (the
 * processor's refusal, the view's "never written") and which are the gateway's own (a collection it does not serve),
 * and what a 200 that is no document means. The backoff runs on a {@link FakeClock}.
 */
class DocumentsClientOverHttpTest {

    /** The gateway's answer for a collection it does not serve, as {@code DocumentResource} writes it. */
    private static final String NO_SUCH_COLLECTION = """
            {"type":"https://versioned.dev/problems/not-found","title":"Not found","status":404,
             "detail":"no collection 'walets' here; the collections are customers, wallets","code":"NOT_FOUND",
             "collections":["customers","wallets"]}""";
    /** The processor's refusal of a write at a version of a document deleted meanwhile. */
    private static final String DELETED = """
            {"type":"https://versioned.dev/problems/not-found","title":"Not found","status":404,
             "detail":"the document was deleted at version 4","code":"NOT_FOUND","collection":"wallets","id":"w-1",
             "idempotencyKey":"k","operation":"PUT","applied":false,"replayed":false,"expectedVersion":3,
             "currentVersion":4,"deleted":true}""";
    /** The view's answer for a document never written. */
    private static final String NEVER_WRITTEN = """
            {"type":"https://versioned.dev/problems/not-found","title":"Not found","status":404,
             "detail":"no document wallets/w-1 (never written)","code":"NOT_FOUND"}""";

    private static final String DOCUMENT = "{\"collection\":\"wallets\",\"id\":\"w-1\",\"version\":1,"
            + "\"lastUpdated\":\"2026-01-01T00:00:00Z\",\"document\":{\"balance\":1}}";

    private final FakeClock clock = new FakeClock();
    private final CannedServer server = new CannedServer();
    private final Queue<CannedServer.Canned> answers = server.answers;
    private final Queue<String> requests = server.requests;
    private final DocumentsClient documents = server.client(RetryPolicy.builder()
                    .deadline(Duration.ofSeconds(2))
                    .clock(clock)
                    .jitter(() -> 1.0)
                    .build())
            .buildDocuments();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    @DisplayName(
            "given a collection the gateway does not serve, when creating, then Invalid 404 at once: one PUT, no retry")
    void givenUnknownCollection_whenCreating_thenInvalidAtOnce() {
        answers.add(new CannedServer.Canned(404, "application/problem+json", NO_SUCH_COLLECTION));

        assertThatThrownBy(() -> documents.create("walets", "w-1", balance(1), "k"))
                .isInstanceOfSatisfying(Invalid.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.code()).isEqualTo("NOT_FOUND");
                    assertThat(e.getMessage()).contains("the collections are customers, wallets");
                });
        assertThat(requests).containsExactly("PUT /v1/collections/walets/w-1 k");
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    @DisplayName(
            "given a collection the gateway does not serve, when updating, then Invalid 404 from the read: nothing written, no retry")
    void givenUnknownCollection_whenUpdating_thenInvalidFromTheRead() {
        answers.add(new CannedServer.Canned(404, "application/problem+json", NO_SUCH_COLLECTION));
        answers.add(new CannedServer.Canned(404, "application/problem+json", NO_SUCH_COLLECTION));

        assertThatThrownBy(() -> documents.update("walets", "w-1", current -> Optional.of(balance(1))))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThat(requests).containsExactly("GET /v1/collections/walets/w-1");
        assertThat(clock.sleeps).isEmpty();
    }

    @Test
    @DisplayName("given a collection the gateway does not serve, when reading, then Invalid 404, not an empty document")
    void givenUnknownCollection_whenReading_thenInvalid() {
        answers.add(new CannedServer.Canned(404, "application/problem+json", NO_SUCH_COLLECTION));

        assertThatThrownBy(() -> documents.read("walets", "w-1"))
                .isInstanceOfSatisfying(Invalid.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
    }

    @Test
    @DisplayName("given a document never written, when reading, then empty")
    void givenNeverWritten_whenReading_thenEmpty() {
        answers.add(new CannedServer.Canned(404, "application/problem+json", NEVER_WRITTEN));

        assertThat(documents.read("wallets", "w-1")).isEmpty();
    }

    @Test
    @DisplayName("given the processor's NOT_FOUND (deleted meanwhile), when replacing, then NotFound with its version")
    void givenDeletedMeanwhile_whenReplacing_thenNotFound() {
        answers.add(new CannedServer.Canned(404, "application/problem+json", DELETED));

        assertThatThrownBy(() -> documents.replace("wallets", "w-1", balance(1), 3, "k"))
                .isInstanceOfSatisfying(
                        NotFound.class, e -> assertThat(e.currentVersion()).isEqualTo(4L));
    }

    @Test
    @DisplayName(
            "given a 200 that is no document (a proxy's page), then the document, when creating, then the same key is resent")
    void givenUnreadable200_whenCreating_thenSameKeyResent() {
        answers.add(new CannedServer.Canned(200, "text/html", "<html><body>OK</body></html>"));
        answers.add(new CannedServer.Canned(200, "application/json", DOCUMENT));

        Document created = documents.create("wallets", "w-1", balance(1), "k");

        assertThat(created.version()).isEqualTo(1L);
        assertThat(requests).containsExactly("PUT /v1/collections/wallets/w-1 k", "PUT /v1/collections/wallets/w-1 k");
    }

    @Test
    @DisplayName("given a write that breaks the wire contract, when applying, then Invalid 400 and nothing is sent")
    void givenInvalidWrite_whenApplying_thenNothingSent() {
        DocumentRequest withoutVersion = new DocumentRequest(
                "wallets",
                "w-1",
                DocumentOperation.PUT,
                Optional.of(balance(1)),
                Optional.empty(),
                Optional.empty(),
                "k");

        assertThatThrownBy(() -> documents.apply(withoutVersion))
                .isInstanceOfSatisfying(
                        Invalid.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(requests).isEmpty();
    }

    private static ObjectNode balance(long balance) {
        return WireFormat.mapper().createObjectNode().put("balance", balance);
    }
}
