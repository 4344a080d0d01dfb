package dev.versioned.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.gateway.GatewayApplication;
import dev.versioned.gateway.config.GatewayConfiguration;
import dev.versioned.gateway.metrics.GatewayMetrics;
import dev.versioned.gateway.support.Http;
import dev.versioned.gateway.support.KafkaStack;
import dev.versioned.gateway.support.Scrape;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The document API ({@code /v1/collections/{collection}/{id}}) against the real processor on the embedded
 * broker, with the example collections {@code customers} and {@code wallets}: one behaviour per test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DocumentsTest {

    @RegisterExtension
    static final KafkaStack STACK = KafkaStack.withProcessor();

    static final DropwizardAppExtension<GatewayConfiguration> APP = new DropwizardAppExtension<>(
            GatewayApplication.class, ResourceHelpers.resourceFilePath("gateway-test.yml"), STACK.gateway("documents"));

    private static final String MERGE_PATCH = "application/merge-patch+json";

    private Http http;
    private String wallet;
    private int keys;

    @BeforeEach
    void setUp() {
        http = new Http(APP.getLocalPort());
        wallet = "/v1/collections/wallets/w-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @DisplayName(
            "given no wallet, when PUT with If-None-Match: *, then 200 with the document at version 1 and ETag \"1\"")
    void givenNoWallet_whenCreated_thenVersionOne() {
        // when
        Http.Reply reply = create("{\"name\":\"Ada\",\"balance\":10}");
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("collection").asText()).isEqualTo("wallets");
        assertThat(reply.json().get("id").asText()).isEqualTo(wallet.substring(wallet.lastIndexOf('/') + 1));
        assertThat(reply.json().get("version").asLong()).isEqualTo(1);
        assertThat(reply.json().get("lastUpdated").isTextual()).isTrue();
        assertThat(reply.json().at("/document/balance").asLong()).isEqualTo(10);
        assertThat(reply.header("ETag")).contains("\"1\"");
    }

    @Test
    @DisplayName("given a wallet at version 1, when PUT with If-Match: \"1\", then it is replaced at version 2")
    void givenWallet_whenReplacedAtItsVersion_thenVersionTwo() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply reply = put("{\"name\":\"Ada L.\",\"balance\":7}", "If-Match", "\"1\"");
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
        assertThat(reply.json().at("/document/name").asText()).isEqualTo("Ada L.");
        assertThat(reply.header("ETag")).contains("\"2\"");
    }

    @Test
    @DisplayName("given a wallet at version 2, when PUT with a stale If-Match, then 412 VERSION_CONFLICT with the"
            + " current version and document")
    void givenWalletMovedOn_whenStaleIfMatch_thenConflictWithCurrentDocument() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        put("{\"name\":\"Ada\",\"balance\":12}", "If-Match", "\"1\"");
        // when
        Http.Reply reply = put("{\"name\":\"Ada\",\"balance\":11}", "If-Match", "\"1\"");
        // then
        assertProblem(reply, 412, "VERSION_CONFLICT");
        assertThat(reply.json().get("currentVersion").asLong()).isEqualTo(2);
        assertThat(reply.json().at("/currentDocument/balance").asLong()).isEqualTo(12);
        assertThat(reply.header("ETag")).contains("\"2\"");
    }

    @Test
    @DisplayName("given an existing wallet, when PUT with If-None-Match: *, then 412 VERSION_CONFLICT")
    void givenExistingWallet_whenCreatedAgain_thenConflict() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply reply = create("{\"name\":\"Eve\",\"balance\":0}");
        // then
        assertProblem(reply, 412, "VERSION_CONFLICT");
        assertThat(reply.json().get("currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    @DisplayName("given a wallet, when PATCHed with a merge patch at its version, then the patch is merged")
    void givenWallet_whenMergePatched_thenMerged() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply reply = patch("{\"balance\":4}", "If-Match", "\"1\"");
        // then
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().get("version").asLong()).isEqualTo(2);
        assertThat(reply.json().at("/document/name").asText()).isEqualTo("Ada");
        assertThat(reply.json().at("/document/balance").asLong()).isEqualTo(4);
    }

    @Test
    @DisplayName("given two PATCHes of different members at one version, when both are sent, then the second is 412")
    void givenTwoPatchesAtOneVersion_whenBothSent_thenSecondConflicts() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply first = patch("{\"balance\":4}", "If-Match", "\"1\"");
        Http.Reply second = patch("{\"name\":\"Ada L.\"}", "If-Match", "\"1\"");
        // then
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertProblem(second, 412, "VERSION_CONFLICT");
        assertThat(second.json().at("/currentDocument/balance").asLong()).isEqualTo(4);
    }

    @Test
    @DisplayName(
            "given a wallet, when a PATCH would make its balance -1, then 422 CONSTRAINT_VIOLATION naming /balance")
    void givenWallet_whenBalanceWouldGoNegative_thenConstraintViolationAtBalance() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply reply = patch("{\"balance\":-1}", "If-Match", "\"1\"");
        // then
        assertProblem(reply, 422, "CONSTRAINT_VIOLATION");
        assertThat(reply.json().at("/violation/path").asText()).isEqualTo("/balance");
        assertThat(reply.json().at("/violation/message").asText()).isNotBlank();
    }

    @Test
    @DisplayName("given a PUT without If-Match or If-None-Match, when sent, then 428 PRECONDITION_REQUIRED")
    void givenPutWithoutPrecondition_whenSent_thenPreconditionRequired() {
        assertProblem(put("{\"name\":\"Ada\",\"balance\":1}"), 428, "PRECONDITION_REQUIRED");
    }

    @Test
    @DisplayName("given a PATCH or DELETE without If-Match, when sent, then 428 PRECONDITION_REQUIRED")
    void givenPatchOrDeleteWithoutIfMatch_whenSent_thenPreconditionRequired() {
        assertProblem(patch("{\"balance\":1}"), 428, "PRECONDITION_REQUIRED");
        assertProblem(delete(), 428, "PRECONDITION_REQUIRED");
    }

    @Test
    @DisplayName("given a PATCH sent as application/json, when sent, then 415 UNSUPPORTED_MEDIA_TYPE")
    void givenPatchAsPlainJson_whenSent_thenUnsupportedMediaType() {
        Http.Reply reply = http.patch(
                wallet, "{\"balance\":1}", Http.withKey("demo", "Idempotency-Key", key(), "If-Match", "\"1\""));
        assertProblem(reply, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    @DisplayName("given a document larger than 65536 bytes, when PUT, then 413 naming the limit, and nothing written")
    void givenOversizedDocument_whenPut_thenPayloadTooLargeNamingTheLimit() {
        // given
        String large = "{\"name\":\"" + "x".repeat(70_000) + "\",\"balance\":1}";
        // when
        Http.Reply reply = create(large);
        // then
        assertProblem(reply, 413, "PAYLOAD_TOO_LARGE");
        assertThat(reply.json().get("maxDocumentBytes").asInt()).isEqualTo(65_536);
        assertThat(reply.json().get("detail").asText()).contains("65536");
        assertThat(get().status()).isEqualTo(404);
    }

    @Test
    @DisplayName("given a wallet, when GET, then 200 with ETag; with If-None-Match of that tag, 304")
    void givenWallet_whenReadWithItsTag_thenNotModified() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply read = get("minVersion", "1");
        Http.Reply again = http.get(wallet, Http.withKey("demo", "If-None-Match", "\"1\""));
        // then
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().at("/document/balance").asLong()).isEqualTo(10);
        assertThat(read.header("ETag")).contains("\"1\"");
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    @DisplayName("given a write answered at version 2, when GET with minVersion=2, then the read shows version 2")
    void givenWrite_whenReadWithMinVersion_thenSeesIt() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        long written = patch("{\"balance\":3}", "If-Match", "\"1\"")
                .json()
                .get("version")
                .asLong();
        // when
        Http.Reply read = get("minVersion", String.valueOf(written));
        // then
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("version").asLong()).isEqualTo(2);
        assertThat(read.json().at("/document/balance").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName(
            "given a wallet, when DELETE at its version, then 200 deleted, and a GET is 404 deleted with its version")
    void givenWallet_whenDeleted_thenReadIsNotFoundDeleted() {
        // given
        create("{\"name\":\"Ada\",\"balance\":0}");
        // when
        Http.Reply deleted = delete("If-Match", "\"1\"");
        // then
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(deleted.json().get("version").asLong()).isEqualTo(2);
        Http.Reply read = get("minVersion", "2");
        assertProblem(read, 404, "NOT_FOUND");
        assertThat(read.json().get("deleted").asBoolean()).isTrue();
        assertThat(read.json().get("currentVersion").asLong()).isEqualTo(2);
    }

    @Test
    @DisplayName("given a write, when retried with the same Idempotency-Key, then the same answer with"
            + " Idempotent-Replayed: true")
    void givenWrite_whenRetriedUnderItsKey_thenReplayed() {
        // given
        String key = key();
        String body = "{\"name\":\"Ada\",\"balance\":10}";
        Http.Reply first = http.put(wallet, body, Http.withKey("demo", "Idempotency-Key", key, "If-None-Match", "*"));
        // when
        Http.Reply retry = http.put(wallet, body, Http.withKey("demo", "Idempotency-Key", key, "If-None-Match", "*"));
        // then
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        assertThat(retry.json().get("version")).isEqualTo(first.json().get("version"));
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
    }

    @Test
    @DisplayName("given a key used for one write, when used for another write of the document, then 422"
            + " IDEMPOTENCY_KEY_REUSED")
    void givenKeyUsed_whenReusedForAnotherWrite_thenKeyReused() {
        // given
        String key = key();
        http.put(
                wallet,
                "{\"name\":\"Ada\",\"balance\":10}",
                Http.withKey("demo", "Idempotency-Key", key, "If-None-Match", "*"));
        // when
        Http.Reply reply = http.put(
                wallet,
                "{\"name\":\"Ada\",\"balance\":99}",
                Http.withKey("demo", "Idempotency-Key", key, "If-Match", "\"1\""));
        // then
        assertProblem(reply, 422, "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    @DisplayName("given a key without collections, when it writes a document, then 403 FORBIDDEN")
    void givenKeyWithoutCollections_whenWriting_thenForbidden() {
        double before = scrape().value(
                        "gateway_auth_refusals_total", "reason", "forbidden_collection", "key", "store-2-only")
                .orElse(-1);
        Http.Reply reply = http.put(
                wallet,
                "{\"name\":\"Ada\",\"balance\":1}",
                Http.withKey("store-2-only", "Idempotency-Key", key(), "If-None-Match", "*"));
        assertProblem(reply, 403, "FORBIDDEN");
        assertThat(scrape().value(
                                "gateway_auth_refusals_total", "reason", "forbidden_collection", "key", "store-2-only")
                        .orElse(-1))
                .as("counted under the key's name")
                .isEqualTo(before + 1);
    }

    @Test
    @DisplayName("given a collection the gateway does not serve, when read, then 404 naming the collections")
    void givenUnknownCollection_whenRead_thenNotFoundNamingCollections() {
        Http.Reply reply = http.get("/v1/collections/invoices/i-1", Http.withKey("demo"));
        assertProblem(reply, 404, "NOT_FOUND");
        assertThat(reply.json().get("collections").toString()).contains("customers", "wallets");
    }

    @Test
    @DisplayName("given a write without Idempotency-Key, when sent, then 400 INVALID_REQUEST")
    void givenNoIdempotencyKey_whenWriting_thenInvalidRequest() {
        Http.Reply reply =
                http.put(wallet, "{\"name\":\"Ada\",\"balance\":1}", Http.withKey("demo", "If-None-Match", "*"));
        assertProblem(reply, 400, "INVALID_REQUEST");
    }

    @Test
    @DisplayName("given document writes, when scraped, then they count by collection, outcome and status; a"
            + " collection not served counts as unknown")
    void givenDocumentWrites_whenScraped_thenCountedByCollectionAndOutcome() {
        // given
        double applied = documentRequests("wallets", "applied", "200");
        double unknown = documentRequests(GatewayMetrics.UNKNOWN_COLLECTION, "not_found", "404");
        assertThat(documentRequests("customers", "constraint_violation", "422"))
                .as("every series of a served collection exists from the start")
                .isZero();
        // when
        create("{\"name\":\"Ada\",\"balance\":10}");
        http.put(
                "/v1/collections/invoices/i-1",
                "{}",
                Http.withKey("demo", "Idempotency-Key", key(), "If-None-Match", "*"));
        // then
        assertThat(documentRequests("wallets", "applied", "200")).isEqualTo(applied + 1);
        assertThat(documentRequests(GatewayMetrics.UNKNOWN_COLLECTION, "not_found", "404"))
                .isEqualTo(unknown + 1);
        assertThat(scrape().samples("gateway_document_requests_total", "collection", "invoices"))
                .isEmpty();
    }

    private double documentRequests(String collection, String outcome, String status) {
        return scrape().value(
                        "gateway_document_requests_total",
                        "collection",
                        collection,
                        "outcome",
                        outcome,
                        "status",
                        status)
                .orElse(-1);
    }

    private static Scrape scrape() {
        return Scrape.of(new Http(APP.getAdminPort()).get("/prometheus"));
    }

    @Test
    @DisplayName("given a wallet, when a PATCH sets its balance to 1e400, then 400 naming /balance, and a later patch"
            + " applies")
    void givenWallet_whenNumberBeyondADouble_thenRefusedAndTheWalletStaysValid() {
        // given
        create("{\"name\":\"Ada\",\"balance\":10}");
        // when
        Http.Reply huge = patch("{\"balance\":1e400}", "If-Match", "\"1\"");
        // then: refused naming the path, never stored as Infinity
        assertThat(huge.status()).as(huge.body()).isEqualTo(400);
        assertThat(huge.json().get("detail").asText()).contains("'/balance'");
        Http.Reply rename = patch("{\"name\":\"Eve\"}", "If-Match", "\"1\"");
        assertThat(rename.status()).as(rename.body()).isEqualTo(200);
        assertThat(rename.json().at("/document/balance").asLong()).isEqualTo(10);
    }

    @Test
    @DisplayName("given a customer with a 30-digit decimal, when read back, then every digit is there")
    void givenLongDecimal_whenWrittenOverHttp_thenKeptExactly() {
        // when
        String digits = "3.14159265358979323846264338327";
        Http.Reply created = http.put(
                wallet.replace("/wallets/", "/customers/"),
                "{\"name\":\"Ada\",\"pi\":" + digits + "}",
                withKeys("If-None-Match", "*"));
        // then
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"pi\":" + digits);
    }

    private Http.Reply create(String body) {
        return put(body, "If-None-Match", "*");
    }

    private Http.Reply put(String body, String... headers) {
        return http.put(wallet, body, withKeys(headers));
    }

    private Http.Reply patch(String body, String... headers) {
        String[] all = withKeys(headers);
        String[] typed = Arrays.copyOf(all, all.length + 2);
        typed[all.length] = "Content-Type";
        typed[all.length + 1] = MERGE_PATCH;
        return http.patch(wallet, body, typed);
    }

    private Http.Reply delete(String... headers) {
        return http.delete(wallet, withKeys(headers));
    }

    private Http.Reply get(String... query) {
        String path = query.length == 0 ? wallet : wallet + "?" + query[0] + "=" + query[1];
        return http.get(path, Http.withKey("demo"));
    }

    /** The demo key, a fresh idempotency key, then {@code headers}. */
    private String[] withKeys(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Idempotency-Key";
        all[1] = key();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return Http.withKey("demo", all);
    }

    private String key() {
        return "doc-" + UUID.randomUUID() + "-" + keys++;
    }

    private static void assertProblem(Http.Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(reply.json().get("code").asText()).as(reply.body()).isEqualTo(code);
    }
}
