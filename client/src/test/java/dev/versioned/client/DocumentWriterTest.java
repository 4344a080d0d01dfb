package dev.versioned.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import dev.versioned.schemas.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The retry rules of {@link DocumentWriter} with a scripted transport and a fake clock: no real waiting, no
 * broker. The transport answers each send with the next scripted reaction and records what was sent.
 */
class DocumentWriterTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private final FakeClock clock = new FakeClock();
    private final Scripted transport = new Scripted();

    private DocumentWriter writer(int maxAttempts) {
        return DocumentWriter.over(
                transport,
                RetryPolicy.builder()
                        .maxAttempts(maxAttempts)
                        .deadline(Duration.ofSeconds(30))
                        .clock(clock)
                        .jitter(() -> 1.0)
                        .build());
    }

    @Test
    @DisplayName("update replaces the document read, at its version, with the change's result")
    void updateWritesAtTheVersionRead() {
        // given a wallet at version 3
        transport.current = Optional.of(document(3, "{\"name\":\"Ada\",\"balance\":10}"));
        transport.script(this::applied);

        // when paying 4
        Document after = writer(5).update("wallets", "w-1", balance(-4), "op");

        // then one PUT at version 3 with the new balance, under key op-a1
        assertThat(transport.sent).singleElement().satisfies(r -> {
            assertThat(r.version()).contains(3L);
            assertThat(r.idempotencyKey()).isEqualTo("op-a1");
            assertThat(r.document().orElseThrow().path("balance").asLong()).isEqualTo(6L);
        });
        assertThat(after.version()).isEqualTo(4L);
    }

    @Test
    @DisplayName("on a conflict the change gets the conflict's current document: a new attempt without a read")
    void conflictRecomputesFromTheCurrentDocument() {
        // given a wallet read at version 3 with balance 10, changed meanwhile to version 4 with balance 7
        transport.current = Optional.of(document(3, "{\"name\":\"Ada\",\"balance\":10}"));
        transport.script(r -> conflict(r, 4, "{\"name\":\"Ada\",\"balance\":7}"), this::applied);
        List<Long> seen = new ArrayList<>();

        // when paying 4
        writer(5)
                .update(
                        "wallets",
                        "w-1",
                        current -> {
                            seen.add(current.orElseThrow().path("balance").asLong());
                            return balance(-4).apply(current);
                        },
                        "op");

        // then the second attempt computed from balance 7 at version 4, under key op-a2, after one read
        assertThat(seen).containsExactly(10L, 7L);
        assertThat(transport.sent).extracting(DocumentRequest::idempotencyKey).containsExactly("op-a1", "op-a2");
        assertThat(transport.sent.get(1).version()).contains(4L);
        assertThat(transport
                        .sent
                        .get(1)
                        .document()
                        .orElseThrow()
                        .path("balance")
                        .asLong())
                .isEqualTo(3L);
        assertThat(transport.reads).isEqualTo(1);
    }

    @Test
    @DisplayName("an unknown outcome is resent unchanged, with the same key, until it is decided")
    void unknownIsResent() {
        transport.current = Optional.of(document(1, "{\"name\":\"Ada\",\"balance\":1}"));
        transport.script(r -> new Outcome.Unknown("504"), r -> new Outcome.Unknown("timeout"), this::applied);

        writer(5).update("wallets", "w-1", balance(1), "op");

        assertThat(transport.sent).hasSize(3).allSatisfy(r -> assertThat(r).isEqualTo(transport.sent.get(0)));
    }

    @Test
    @DisplayName("a document that does not exist is created: the change gets nothing, the PUT is at version 0")
    void absentIsCreated() {
        transport.script(this::applied);

        writer(5).update("wallets", "w-1", current -> Optional.of(json("{\"name\":\"Ada\",\"balance\":0}")), "op");

        assertThat(transport.sent)
                .singleElement()
                .satisfies(r -> assertThat(r.version()).contains(0L));
    }

    @Test
    @DisplayName("a document deleted since it was read is created again (NOT_FOUND, then a PUT at version 0)")
    void deletedMeanwhileIsCreatedAgain() {
        transport.current = Optional.of(document(3, "{\"name\":\"Ada\",\"balance\":10}"));
        transport.script(r -> notFound(r, 4), this::applied);
        List<Optional<ObjectNode>> seen = new ArrayList<>();

        writer(5)
                .update(
                        "wallets",
                        "w-1",
                        current -> {
                            seen.add(current);
                            return current.isPresent()
                                    ? balance(1).apply(current)
                                    : Optional.of(json("{\"name\":\"Ada\",\"balance\":0}"));
                        },
                        "op");

        assertThat(seen.get(1)).as("the change learns the document is gone").isEmpty();
        assertThat(transport.sent).extracting(r -> r.version().orElseThrow()).containsExactly(3L, 0L);
    }

    @Test
    @DisplayName("a schema violation is thrown as ConstraintViolated naming the path, and not retried")
    void violationIsThrown() {
        transport.current = Optional.of(document(1, "{\"name\":\"Ada\",\"balance\":1}"));
        transport.script(r -> new Outcome.DocumentDecided(DocumentResult.refused(
                r,
                Optional.empty(),
                ResultCode.CONSTRAINT_VIOLATION,
                "breaks the schema",
                Optional.empty(),
                Optional.of(new DocumentResult.Violation("/balance", "must have a minimum value of 0")))));

        assertThatThrownBy(() -> writer(5).update("wallets", "w-1", balance(-5), "op"))
                .isInstanceOfSatisfying(ConstraintViolated.class, e -> {
                    assertThat(e.path()).isEqualTo("/balance");
                    assertThat(e.requirement()).contains("minimum");
                });
        assertThat(transport.sent).hasSize(1);
    }

    @Test
    @DisplayName("conflicts on every attempt end in DocumentConflict with the current document")
    void conflictsExhaustAttempts() {
        transport.current = Optional.of(document(1, "{\"name\":\"Ada\",\"balance\":1}"));
        transport.script(
                r -> conflict(r, 2, "{\"name\":\"Ada\",\"balance\":2}"),
                r -> conflict(r, 3, "{\"name\":\"Ada\",\"balance\":3}"));

        assertThatThrownBy(() -> writer(2).update("wallets", "w-1", balance(1), "op"))
                .isInstanceOfSatisfying(DocumentConflict.class, e -> {
                    assertThat(e.currentVersion()).isEqualTo(3L);
                    assertThat(e.currentDocument().orElseThrow().path("balance").asLong())
                            .isEqualTo(3L);
                    assertThat(e.attempts()).isEqualTo(2);
                });
    }

    @Test
    @DisplayName("apply sends exactly the request given and throws a conflict without retrying it")
    void applyDoesNotRetryAConflict() {
        transport.script(r -> conflict(r, 5, "{\"name\":\"Ada\",\"balance\":5}"));
        DocumentRequest request = DocumentRequest.patch("wallets", "w-1", json("{\"balance\":1}"), 4, "k");

        assertThatThrownBy(() -> writer(5).apply(request)).isInstanceOf(DocumentConflict.class);
        assertThat(transport.sent).containsExactly(request);
    }

    @Test
    @DisplayName("an unknown outcome until the deadline is OutcomeUnknown carrying the request to resend")
    void unknownUntilDeadline() {
        transport.script(r -> new Outcome.Unknown("504"));
        transport.repeatLast = true;
        DocumentRequest request = DocumentRequest.delete("wallets", "w-1", 4, "k");

        assertThatThrownBy(() -> writer(5).apply(request))
                .isInstanceOfSatisfying(
                        OutcomeUnknown.class, e -> assertThat(e.document()).contains(request));
    }

    // --- helpers

    private static DocumentChange balance(long delta) {
        return current -> {
            ObjectNode next = current.orElseThrow().deepCopy();
            next.put("balance", next.path("balance").asLong() + delta);
            return Optional.of(next);
        };
    }

    private Outcome applied(DocumentRequest r) {
        long version = r.version().orElseThrow() + 1;
        return new Outcome.DocumentDecided(DocumentResult.applied(
                r,
                Optional.empty(),
                DocumentRecord.live(r.key(), version, AT, r.document().orElseThrow())));
    }

    private static Outcome conflict(DocumentRequest r, long version, String current) {
        return new Outcome.DocumentDecided(DocumentResult.refused(
                r,
                Optional.empty(),
                ResultCode.VERSION_CONFLICT,
                "expected version " + r.version().orElseThrow(),
                Optional.of(DocumentRecord.live(r.key(), version, AT, json(current))),
                Optional.empty()));
    }

    private static Outcome notFound(DocumentRequest r, long deletedAt) {
        return new Outcome.DocumentDecided(DocumentResult.refused(
                r,
                Optional.empty(),
                ResultCode.NOT_FOUND,
                "deleted",
                Optional.of(DocumentRecord.deleted(r.key(), deletedAt, AT)),
                Optional.empty()));
    }

    private static Document document(long version, String json) {
        return new Document("wallets", "w-1", version, Optional.of(AT), Optional.of(json(json)), false, false, 1);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) WireFormat.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers each send with the next scripted reaction (the last one again when told), recording what was sent. */
    private static final class Scripted implements DocumentTransport {
        Optional<Document> current = Optional.empty();
        final List<DocumentRequest> sent = new ArrayList<>();
        final Deque<Function<DocumentRequest, Outcome>> reactions = new ArrayDeque<>();
        boolean repeatLast;
        int reads;

        @SafeVarargs
        final void script(Function<DocumentRequest, Outcome>... steps) {
            reactions.addAll(List.of(steps));
        }

        @Override
        public Optional<Document> read(String collection, String id) {
            reads++;
            return current;
        }

        @Override
        public Outcome send(DocumentRequest request) {
            sent.add(request);
            Function<DocumentRequest, Outcome> next =
                    repeatLast && reactions.size() == 1 ? reactions.peek() : reactions.poll();
            if (next == null) {
                throw new AssertionError("no reaction scripted for " + request);
            }
            return next.apply(request);
        }
    }
}
