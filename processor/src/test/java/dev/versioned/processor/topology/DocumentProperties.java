package dev.versioned.processor.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random concurrent PUTs, PATCHes and DELETEs of a few wallets by several writers, each writing at the version
 * it last saw (so often a stale one), with retries and reused keys, against {@link DocumentModel}. Every outcome
 * must be the model's (code, replay, version, document); the applied versions of each document are 1..N with no
 * gap or repeat; and at the end every stored document is the model's: no update is lost, none applied twice.
 */
class DocumentProperties {

    private static final int WRITERS = 3;
    private static final int IDS = 2;
    private static final String COLLECTION = "wallets";

    sealed interface Action {}

    /** A create: a PUT at version 0. */
    record Create(int writer, int id, int balance) implements Action {}

    /** A PUT at the version the writer last saw. */
    record Replace(int writer, int id, int balance) implements Action {}

    /** A PATCH at the version the writer last saw: a balance change, or the removal of the name. */
    record Patch(int writer, int id, int balance, boolean dropName) implements Action {}

    record Delete(int writer, int id) implements Action {}

    record Retry(int earlier) implements Action {}

    record Reuse(int earlier, int balance) implements Action {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> writer = Arbitraries.integers().between(0, WRITERS - 1);
        Arbitrary<Integer> id = Arbitraries.integers().between(0, IDS - 1);
        Arbitrary<Integer> balance = Arbitraries.integers().between(-2, 20);
        return Arbitraries.frequencyOf(
                        Tuple.of(2, Combinators.combine(writer, id, balance).as((w, i, b) ->
                                (Action) new Create(w, i, b))),
                        Tuple.of(3, Combinators.combine(writer, id, balance).as((w, i, b) ->
                                (Action) new Replace(w, i, b))),
                        Tuple.of(
                                5,
                                Combinators.combine(writer, id, balance, Arbitraries.of(false, false, false, true))
                                        .as((w, i, b, drop) -> (Action) new Patch(w, i, b, drop))),
                        Tuple.of(1, Combinators.combine(writer, id).as((w, i) -> (Action) new Delete(w, i))),
                        Tuple.of(2, Arbitraries.integers().between(0, 1_000).map(i -> (Action) new Retry(i))),
                        Tuple.of(
                                1,
                                Combinators.combine(Arbitraries.integers().between(0, 1_000), balance)
                                        .as((i, b) -> (Action) new Reuse(i, b))))
                .list()
                .ofMinSize(1)
                .ofMaxSize(50);
    }

    @Property(tries = 100)
    void documentWritesAreDecidedAsTheModelSays(@ForAll("actions") List<Action> actions) {
        Path stateDir = InterleavingProperties.tempDir();
        try (DocumentFixture fixture = new DocumentFixture(stateDir)) {
            check(actions, fixture);
        } finally {
            InterleavingProperties.deleteRecursively(stateDir);
        }
    }

    private static void check(List<Action> actions, DocumentFixture fixture) {
        {
            DocumentModel model = new DocumentModel();
            long[][] seen = new long[WRITERS][IDS];
            List<DocumentRequest> sent = new ArrayList<>();
            Map<String, Long> lastApplied = new HashMap<>();

            for (Action action : actions) {
                DocumentRequest request = materialize(action, sent, seen);
                if (request == null) {
                    continue;
                }
                sent.add(request);
                DocumentResult actual = fixture.decide(request);
                Optional<DocumentModel.Outcome> first = model.first(request);
                DocumentModel.Outcome expected = model.decide(request);

                assertThat(actual.code()).as("code of %s", request).isEqualTo(expected.code());
                assertThat(actual.replayed()).as("replayed of %s", request).isEqualTo(expected.replayed());
                if (actual.applied()) {
                    assertThat(actual.version()).as("version of %s", request).contains(expected.version());
                    assertThat(actual.document()).as("document of %s", request).isEqualTo(expected.document());
                    if (!actual.replayed()) {
                        long previous = lastApplied.getOrDefault(request.id(), 0L);
                        assertThat(actual.version())
                                .as("versions of %s go 1..N", request.id())
                                .contains(previous + 1);
                        lastApplied.put(request.id(), previous + 1);
                    }
                } else if (expected.code() == ResultCode.IDEMPOTENCY_KEY_REUSED) {
                    // the key's first outcome, replayed, instead of the current document
                    DocumentResult told = actual.firstOutcome().orElseThrow();
                    DocumentModel.Outcome was = first.orElseThrow();
                    assertThat(actual.currentDocument())
                            .as("no current document with %s", request)
                            .isEmpty();
                    assertThat(told.code())
                            .as("first code told with %s", request)
                            .isEqualTo(was.code());
                    assertThat(told.replayed()).isTrue();
                    assertThat(told.applied() ? told.version() : told.currentVersion())
                            .as("first version told with %s", request)
                            .isEqualTo(was.version() == 0 ? Optional.empty() : Optional.of(was.version()));
                    assertThat(told.applied() ? told.document() : told.currentDocument())
                            .as("first document told with %s", request)
                            .isEqualTo(was.document());
                } else {
                    assertThat(actual.currentVersion().orElse(0L))
                            .as("current version told with %s", request)
                            .isEqualTo(expected.version());
                    assertThat(actual.currentDocument())
                            .as("current document told with %s", request)
                            .isEqualTo(expected.document());
                }
                learn(action, request, actual, seen);
                fixture.states();
            }

            for (int i = 0; i < IDS; i++) {
                Optional<DocumentModel.Doc> expected = model.doc(id(i));
                Optional<DocumentRecord> stored = fixture.stored(COLLECTION, id(i));
                assertThat(stored.map(DocumentRecord::version)).isEqualTo(expected.map(DocumentModel.Doc::version));
                assertThat(stored.map(DocumentRecord::deleted)).isEqualTo(expected.map(DocumentModel.Doc::deleted));
                assertThat(stored.flatMap(DocumentRecord::document))
                        .isEqualTo(expected.flatMap(DocumentModel.Doc::document));
            }
        }
    }

    /** The request an action stands for; null for a retry or reuse with nothing sent yet. */
    private static DocumentRequest materialize(Action action, List<DocumentRequest> sent, long[][] seen) {
        String key = "k-" + sent.size();
        if (action instanceof Create c) {
            return DocumentRequest.put(COLLECTION, id(c.id()), wallet(c.balance()), 0, key);
        }
        if (action instanceof Replace r) {
            return DocumentRequest.put(COLLECTION, id(r.id()), wallet(r.balance()), seen[r.writer()][r.id()], key);
        }
        if (action instanceof Patch p) {
            ObjectNode patch = DocumentFixture.json("{}");
            if (p.dropName()) {
                patch.putNull("name");
            } else {
                patch.put("balance", p.balance());
            }
            return DocumentRequest.patch(COLLECTION, id(p.id()), patch, Math.max(1, seen[p.writer()][p.id()]), key);
        }
        if (action instanceof Delete d) {
            return DocumentRequest.delete(COLLECTION, id(d.id()), Math.max(1, seen[d.writer()][d.id()]), key);
        }
        if (sent.isEmpty()) {
            return null;
        }
        if (action instanceof Retry retry) {
            return sent.get(retry.earlier() % sent.size());
        }
        Reuse reuse = (Reuse) action;
        DocumentRequest earlier = sent.get(reuse.earlier() % sent.size());
        return DocumentRequest.put(
                COLLECTION,
                earlier.id(),
                wallet(reuse.balance() + 1_000),
                earlier.version().orElseThrow(),
                earlier.idempotencyKey());
    }

    /** What the writer learns from an answer: the document's version as the answer tells it. */
    private static void learn(Action action, DocumentRequest request, DocumentResult result, long[][] seen) {
        int writer = action instanceof Create c
                ? c.writer()
                : action instanceof Replace r
                        ? r.writer()
                        : action instanceof Patch p ? p.writer() : action instanceof Delete d ? d.writer() : -1;
        if (writer < 0) {
            return;
        }
        int id = Integer.parseInt(request.id().substring("w-".length()));
        seen[writer][id] = result.version().or(result::currentVersion).orElse(0L);
    }

    private static ObjectNode wallet(int balance) {
        ObjectNode wallet = DocumentFixture.json("{\"name\":\"Ada\"}");
        wallet.put("balance", balance);
        return wallet;
    }

    private static String id(int i) {
        return "w-" + i;
    }
}
