package dev.versioned.processor.topology;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.processor.documents.MergePatch;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.Fingerprint;
import dev.versioned.schemas.ResultCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The document rules as plainly as they can be written, for one collection of wallets
 * ({@code {"name": non-empty string, "balance": integer >= 0}}): what {@link DocumentProperties} holds the
 * topology to. No retention: every key is remembered for the whole run.
 */
final class DocumentModel {

    /** A document as the model holds it. */
    record Doc(long version, boolean deleted, Optional<JsonNode> document) {}

    /** What a request should get. {@code version} is the new version when applied, else the current one (0: none). */
    record Outcome(ResultCode code, boolean replayed, long version, Optional<JsonNode> document) {}

    private final Map<String, Doc> docs = new HashMap<>();
    private final Map<String, Map.Entry<String, Outcome>> keys = new HashMap<>();

    /** The outcome the request's key got first on its document, if the key was used. */
    Optional<Outcome> first(DocumentRequest request) {
        return Optional.ofNullable(keys.get(request.id() + "/" + request.idempotencyKey()))
                .map(Map.Entry::getValue);
    }

    Outcome decide(DocumentRequest request) {
        String key = request.id() + "/" + request.idempotencyKey();
        String fingerprint = Fingerprint.of(request);
        Map.Entry<String, Outcome> seen = keys.get(key);
        Optional<Doc> current = Optional.ofNullable(docs.get(request.id()));
        if (seen != null) {
            if (seen.getKey().equals(fingerprint)) {
                Outcome first = seen.getValue();
                return new Outcome(first.code(), true, first.version(), first.document());
            }
            return refusal(ResultCode.IDEMPOTENCY_KEY_REUSED, current);
        }
        Outcome outcome = rules(request, current);
        if (outcome.code() != ResultCode.IDEMPOTENCY_KEY_REUSED && outcome.code() != ResultCode.INVALID_REQUEST) {
            keys.put(key, Map.entry(fingerprint, outcome));
        }
        return outcome;
    }

    private Outcome rules(DocumentRequest request, Optional<Doc> current) {
        long expected = request.version().orElseThrow();
        Optional<Doc> live = current.filter(d -> !d.deleted());
        if (expected == 0 && live.isPresent()) {
            return refusal(ResultCode.VERSION_CONFLICT, current);
        }
        if (expected > 0 && live.isEmpty()) {
            return refusal(ResultCode.NOT_FOUND, current);
        }
        if (expected > 0 && live.get().version() != expected) {
            return refusal(ResultCode.VERSION_CONFLICT, current);
        }
        long next = current.map(Doc::version).orElse(0L) + 1;
        Doc after = switch (request.operation()) {
            case PUT -> new Doc(next, false, request.document());
            case PATCH ->
                new Doc(
                        next,
                        false,
                        Optional.of(MergePatch.apply(
                                live.orElseThrow().document().orElseThrow(),
                                request.patch().orElseThrow())));
            case DELETE -> new Doc(next, true, Optional.empty());
        };
        if (!after.deleted() && !isWallet(after.document().orElseThrow())) {
            return refusal(ResultCode.CONSTRAINT_VIOLATION, current);
        }
        docs.put(request.id(), after);
        return new Outcome(ResultCode.APPLIED, false, next, after.document());
    }

    private static Outcome refusal(ResultCode code, Optional<Doc> current) {
        return new Outcome(code, false, current.map(Doc::version).orElse(0L), current.flatMap(Doc::document));
    }

    private static boolean isWallet(JsonNode document) {
        JsonNode name = document.path("name");
        JsonNode balance = document.path("balance");
        return name.isTextual() && !name.textValue().isEmpty() && balance.isIntegralNumber() && balance.asLong() >= 0;
    }

    Optional<Doc> doc(String id) {
        return Optional.ofNullable(docs.get(id));
    }
}
