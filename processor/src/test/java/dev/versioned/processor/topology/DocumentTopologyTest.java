package dev.versioned.processor.topology;

import static dev.versioned.processor.topology.DocumentFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DeadLetterReason;
import dev.versioned.schemas.DocumentOperation;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of a document write, on the production topology with the example collections. */
class DocumentTopologyTest {

    @TempDir
    Path stateDir;

    DocumentFixture fixture;

    @BeforeEach
    void start() {
        fixture = new DocumentFixture(stateDir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    @DisplayName("a PUT at version 0 creates the document at version 1 and publishes its state")
    void putCreates() {
        DocumentResult result =
                fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada\"}"), 0, "k-1"));

        assertThat(result.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(result.operation()).contains(DocumentOperation.PUT);
        assertThat(result.version()).contains(1L);
        assertThat(result.document()).contains(json("{\"name\":\"Ada\"}"));
        assertThat(result.lastUpdated()).contains(fixture.now());
        assertThat(fixture.states())
                .containsExactly(DocumentRecord.live(
                        new dev.versioned.schemas.DocumentKey("customers", "c-1"),
                        1,
                        fixture.now(),
                        json("{\"name\":\"Ada\"}")));
    }

    @Test
    @DisplayName("a PUT at version 0 of a document that exists is a VERSION_CONFLICT carrying the current document")
    void createOfExistingConflicts() {
        fixture.given("customers", "c-1", "{\"name\":\"Ada\"}");

        DocumentResult result =
                fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Grace\"}"), 0, "k-2"));

        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(result.currentVersion()).contains(1L);
        assertThat(result.currentDocument()).contains(json("{\"name\":\"Ada\"}"));
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("a PUT at the current version replaces the whole document: members it leaves out are gone")
    void putReplacesWhole() {
        fixture.given("customers", "c-1", "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}");

        DocumentResult result =
                fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada L.\"}"), 1, "k-2"));

        assertThat(result.version()).contains(2L);
        assertThat(result.document()).contains(json("{\"name\":\"Ada L.\"}"));
    }

    @Test
    @DisplayName(
            "a PUT at a stale version is a VERSION_CONFLICT with the current version and document, and changes nothing")
    void stalePutConflicts() {
        fixture.given("customers", "c-1", "{\"name\":\"Ada\"}");
        fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada L.\"}"), 1, "k-2"));
        fixture.states();

        DocumentResult result =
                fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Stale\"}"), 1, "k-3"));

        assertThat(result.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(result.expectedVersion()).contains(1L);
        assertThat(result.currentVersion()).contains(2L);
        assertThat(result.currentDocument()).contains(json("{\"name\":\"Ada L.\"}"));
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("expected version 1"));
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("a write at a version of a document never written is NOT_FOUND")
    void writeOfMissingIsNotFound() {
        DocumentResult put =
                fixture.decide(DocumentRequest.put("customers", "nobody", json("{\"name\":\"X\"}"), 3, "k-1"));
        DocumentResult patch =
                fixture.decide(DocumentRequest.patch("customers", "nobody", json("{\"name\":\"X\"}"), 1, "k-2"));
        DocumentResult delete = fixture.decide(DocumentRequest.delete("customers", "nobody", 1, "k-3"));

        assertThat(List.of(put.code(), patch.code(), delete.code())).containsOnly(ResultCode.NOT_FOUND);
        assertThat(put.currentVersion()).isEmpty();
        assertThat(put.error()).hasValueSatisfying(e -> assertThat(e).contains("create it with a PUT at version 0"));
    }

    @Test
    @DisplayName("a PATCH merges into the current document (RFC 7396): members set, null removes, objects merge")
    void patchMerges() {
        fixture.given(
                "customers", "c-1", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"tags\":{\"a\":1,\"b\":2}}");

        DocumentResult result = fixture.decide(DocumentRequest.patch(
                "customers",
                "c-1",
                json("{\"email\":null,\"tags\":{\"b\":null,\"c\":3},\"name\":\"Ada L.\"}"),
                1,
                "k-2"));

        assertThat(result.version()).contains(2L);
        assertThat(result.document()).contains(json("{\"name\":\"Ada L.\",\"tags\":{\"a\":1,\"c\":3}}"));
        assertThat(fixture.states())
                .singleElement()
                .satisfies(s -> assertThat(s.document()).isEqualTo(result.document()));
    }

    @Test
    @DisplayName("two PATCHes of different members at the same version: the second conflicts, the first is not lost")
    void concurrentPatchesConflict() {
        fixture.given("customers", "c-1", "{\"name\":\"Ada\"}");

        DocumentResult first = fixture.decide(
                DocumentRequest.patch("customers", "c-1", json("{\"email\":\"ada@example.com\"}"), 1, "w-1"));
        DocumentResult second =
                fixture.decide(DocumentRequest.patch("customers", "c-1", json("{\"name\":\"Grace\"}"), 1, "w-2"));

        assertThat(first.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(second.code()).isEqualTo(ResultCode.VERSION_CONFLICT);
        assertThat(second.currentVersion()).contains(2L);
        assertThat(second.currentDocument()).contains(json("{\"name\":\"Ada\",\"email\":\"ada@example.com\"}"));
    }

    @Test
    @DisplayName(
            "a DELETE marks the document deleted at version + 1 without its body; later writes at a version are NOT_FOUND")
    void deleteIsSoft() {
        fixture.given("customers", "c-1", "{\"name\":\"Ada\"}");

        DocumentResult deleted = fixture.decide(DocumentRequest.delete("customers", "c-1", 1, "del"));
        DocumentResult patch =
                fixture.decide(DocumentRequest.patch("customers", "c-1", json("{\"name\":\"X\"}"), 2, "k-3"));

        assertThat(deleted.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(deleted.version()).contains(2L);
        assertThat(deleted.deleted()).contains(true);
        assertThat(deleted.document()).isEmpty();
        assertThat(fixture.states()).singleElement().satisfies(s -> {
            assertThat(s.deleted()).isTrue();
            assertThat(s.version()).isEqualTo(2L);
            assertThat(s.document()).isEmpty();
        });
        assertThat(patch.code()).isEqualTo(ResultCode.NOT_FOUND);
        assertThat(patch.deleted()).contains(true);
        assertThat(patch.currentVersion()).contains(2L);
        assertThat(patch.error()).hasValueSatisfying(e -> assertThat(e).contains("create it again with version 0"));
    }

    @Test
    @DisplayName(
            "a PUT at version 0 creates a deleted document again after its deleted version: versions never go back")
    void recreateAfterDelete() {
        fixture.given("customers", "c-1", "{\"name\":\"Ada\"}");
        fixture.decide(DocumentRequest.delete("customers", "c-1", 1, "del"));

        DocumentResult again =
                fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada\"}"), 0, "again"));

        assertThat(again.code()).isEqualTo(ResultCode.APPLIED);
        assertThat(again.version()).contains(3L);
    }

    @Test
    @DisplayName(
            "a wallet PUT with a negative balance is a CONSTRAINT_VIOLATION at /balance, recorded, and changes nothing")
    void schemaViolationNamesPath() {
        DocumentResult result = fixture.decide(
                DocumentRequest.put("wallets", "w-1", json("{\"name\":\"Ada\",\"balance\":-5}"), 0, "k-1"));
        DocumentResult retry = fixture.decide(
                DocumentRequest.put("wallets", "w-1", json("{\"name\":\"Ada\",\"balance\":-5}"), 0, "k-1"));

        assertThat(result.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(result.violation()).hasValueSatisfying(v -> {
            assertThat(v.path()).isEqualTo("/balance");
            assertThat(v.message()).contains("minimum");
        });
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("a PATCH that would take a wallet's balance below 0 is a CONSTRAINT_VIOLATION; the balance stays")
    void patchBreakingSchemaIsRefused() {
        fixture.given("wallets", "w-1", "{\"name\":\"Ada\",\"balance\":10}");

        DocumentResult result =
                fixture.decide(DocumentRequest.patch("wallets", "w-1", json("{\"balance\":-1}"), 1, "k-2"));
        DocumentResult removal =
                fixture.decide(DocumentRequest.patch("wallets", "w-1", json("{\"name\":null}"), 1, "k-3"));

        assertThat(result.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(result.violation())
                .hasValueSatisfying(v -> assertThat(v.path()).isEqualTo("/balance"));
        assertThat(result.currentDocument()).contains(json("{\"name\":\"Ada\",\"balance\":10}"));
        assertThat(removal.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(removal.violation())
                .hasValueSatisfying(v -> assertThat(v.message()).contains("name"));
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("a document over the size limit is a CONSTRAINT_VIOLATION of the whole document, never a dead letter")
    void oversizedDocumentIsRefused() {
        fixture.close();
        fixture = new DocumentFixture(DocumentFixture.settings(2_048), stateDir.resolve("small"));
        String big = "x".repeat(3_000);

        DocumentResult result =
                fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"" + big + "\"}"), 0, "k-1"));

        assertThat(result.code()).isEqualTo(ResultCode.CONSTRAINT_VIOLATION);
        assertThat(result.violation()).hasValueSatisfying(v -> {
            assertThat(v.path()).isEmpty();
            assertThat(v.message()).contains("more than the limit of 2048");
        });
        assertThat(fixture.deadLetters()).isEmpty();
    }

    @Test
    @DisplayName("a retry with the same key replays the first outcome with its document, and writes nothing again")
    void retryReplays() {
        DocumentRequest create = DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada\"}"), 0, "k-1");
        DocumentResult first = fixture.decide(create);
        fixture.states();
        fixture.decide(DocumentRequest.patch("customers", "c-1", json("{\"name\":\"Grace\"}"), 1, "k-2"));
        fixture.states();
        fixture.advance(Duration.ofMinutes(5));

        DocumentResult retry = fixture.decide(create);

        assertThat(retry.replayed()).isTrue();
        assertThat(retry.version()).isEqualTo(first.version());
        assertThat(retry.document()).isEqualTo(first.document());
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("the same key with another request on the same document is IDEMPOTENCY_KEY_REUSED, not recorded")
    void reusedKeyIsRefused() {
        fixture.decide(DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada\"}"), 0, "k-1"));
        fixture.states();

        DocumentResult reused =
                fixture.decide(DocumentRequest.patch("customers", "c-1", json("{\"name\":\"Eve\"}"), 1, "k-1"));

        assertThat(reused.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reused.currentVersion()).contains(1L);
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("a document's members in another order make the same request: a retry so written is replayed")
    void memberOrderIsTheSameRequest() {
        fixture.decide(DocumentRequest.put("wallets", "w-1", json("{\"name\":\"Ada\",\"balance\":1}"), 0, "k-1"));

        DocumentResult retry = fixture.decide(
                DocumentRequest.put("wallets", "w-1", json("{\"balance\":1,\"name\":\"Ada\"}"), 0, "k-1"));

        assertThat(retry.replayed()).isTrue();
    }

    @Test
    @DisplayName("a request for a collection the processor does not have is dead-lettered and answered INVALID_REQUEST")
    void unknownCollectionIsRefused() {
        DocumentResult result = fixture.decide(DocumentRequest.put("orders", "o-1", json("{\"total\":1}"), 0, "k-1"));

        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.collection()).contains("orders");
        assertThat(result.error())
                .hasValueSatisfying(e ->
                        assertThat(e).contains("unknown collection 'orders'").contains("[customers, wallets]"));
        assertThat(fixture.deadLetters())
                .singleElement()
                .extracting(DeadLetter::reason)
                .isEqualTo(DeadLetterReason.SCHEMA_INVALID);
    }

    @Test
    @DisplayName(
            "an invalid document request (a PATCH at version 0, a patch that is not an object) is dead-lettered with a clear message")
    void invalidRequestIsRefused() {
        fixture.sendRaw(
                "c-1",
                "{\"collection\":\"customers\",\"id\":\"c-1\",\"operation\":\"PATCH\",\"patch\":{},\"version\":0,\"idempotencyKey\":\"k\"}"
                        .getBytes(StandardCharsets.UTF_8),
                "c-a");
        DocumentResult atZero = fixture.onlyResult();
        fixture.sendRaw(
                "c-1",
                "{\"collection\":\"customers\",\"id\":\"c-1\",\"operation\":\"PATCH\",\"patch\":[1],\"version\":1,\"idempotencyKey\":\"k\"}"
                        .getBytes(StandardCharsets.UTF_8),
                "c-b");
        DocumentResult notObject = fixture.onlyResult();

        assertThat(atZero.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(atZero.error()).hasValueSatisfying(e -> assertThat(e).contains("version read (at least 1)"));
        assertThat(atZero.id()).contains("c-1");
        assertThat(notObject.error()).hasValueSatisfying(e -> assertThat(e).contains("patch must be a JSON object"));
        assertThat(fixture.deadLetters()).hasSize(2);
    }

    @Test
    @DisplayName("a document request keyed by anything but its id is dead-lettered KEY_MISMATCH and decided nowhere")
    void keyMustBeTheId() {
        fixture.sendRaw(
                "someone-else",
                dev.versioned.schemas.WireSerdes.DOCUMENT_REQUEST.toBytes(
                        DocumentRequest.put("customers", "c-1", json("{\"name\":\"Ada\"}"), 0, "k-1")),
                "c-a");

        DocumentResult result = fixture.onlyResult();

        assertThat(result.code()).isEqualTo(ResultCode.INVALID_REQUEST);
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("must be the id 'c-1'"));
        assertThat(fixture.deadLetters())
                .singleElement()
                .extracting(DeadLetter::reason)
                .isEqualTo(DeadLetterReason.KEY_MISMATCH);
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName("a document request larger than the document limit and its envelope is dead-lettered OVERSIZED")
    void oversizedRequestIsDeadLettered() {
        String huge = "{\"collection\":\"customers\",\"id\":\"c-1\",\"operation\":\"PUT\",\"version\":0,"
                + "\"idempotencyKey\":\"k\",\"document\":{\"name\":\"" + "x".repeat(80_000) + "\"}}";
        fixture.sendRaw("c-1", huge.getBytes(StandardCharsets.UTF_8), "c-a");

        assertThat(fixture.deadLetters())
                .singleElement()
                .extracting(DeadLetter::reason)
                .isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(fixture.states()).isEmpty();
    }

    @Test
    @DisplayName(
            "outcomes are counted by collection and code; a collection the processor does not have counts as _other")
    void outcomesAreCountedByCollection() {
        fixture.decide(DocumentRequest.put("wallets", "w-1", json("{\"name\":\"Ada\",\"balance\":1}"), 0, "k-1"));
        fixture.decide(DocumentRequest.put("wallets", "w-1", json("{\"name\":\"Ada\",\"balance\":1}"), 0, "k-1"));
        fixture.decide(DocumentRequest.put("orders", "o-1", json("{\"total\":1}"), 0, "k-2"));

        assertThat(count("wallets", "applied")).isEqualTo(1.0);
        assertThat(count("wallets", "replayed")).isEqualTo(1.0);
        assertThat(count("customers", "applied")).isZero();
        assertThat(count(dev.versioned.schemas.DocumentKey.OTHER_COLLECTIONS, "invalid_request"))
                .isEqualTo(1.0);
        assertThat(fixture.meters
                        .find(dev.versioned.processor.metrics.ProcessorMetrics.DOCUMENT_OUTCOMES)
                        .tag("collection", "orders")
                        .counters())
                .isEmpty();
    }

    private double count(String collection, String outcome) {
        return fixture.meters
                .get(dev.versioned.processor.metrics.ProcessorMetrics.DOCUMENT_OUTCOMES)
                .tag("collection", collection)
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
