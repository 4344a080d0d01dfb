package dev.versioned.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The read-change-write loop of {@link Documents} and its retry rules, written once for every transport:
 * {@link DocumentsClient} and {@link KafkaDocuments} are this loop over their own {@link DocumentTransport}.
 * Thread-safe: all state of a call lives on its stack.
 */
abstract sealed class DocumentWriter implements Documents permits DocumentsClient, KafkaDocuments, DocumentWriter.Over {

    private final DocumentTransport transport;
    private final Resends resends;

    DocumentWriter(DocumentTransport transport, RetryPolicy policy) {
        this.transport = Objects.requireNonNull(transport);
        this.resends = new Resends(Objects.requireNonNull(policy));
    }

    /** The loop over any transport (unit tests). */
    static DocumentWriter over(DocumentTransport transport, RetryPolicy policy) {
        return new Over(transport, policy);
    }

    static final class Over extends DocumentWriter {
        Over(DocumentTransport transport, RetryPolicy policy) {
            super(transport, policy);
        }
    }

    @Override
    public Optional<Document> read(String collection, String id) {
        return resends.read(() -> transport.read(collection, id), resends.deadline());
    }

    @Override
    public Document update(String collection, String id, DocumentChange change) {
        return update(collection, id, change, UUID.randomUUID().toString());
    }

    @Override
    public Document update(String collection, String id, DocumentChange change, String operationId) {
        Objects.requireNonNull(change, "change");
        Updater.checkOperationId(operationId);
        long deadline = resends.deadline();
        Document current =
                resends.read(() -> transport.read(collection, id), deadline).orElse(Document.absent(collection, id));
        for (int attempt = 1; ; attempt++) {
            Optional<ObjectNode> next = change.apply(current.document().map(ObjectNode::deepCopy));
            if (next.isEmpty()) {
                return current.withAttempts(attempt);
            }
            // A deleted or absent document is created (version 0); a live one replaced at its version.
            long version = current.document().isPresent() ? current.version() : 0;
            DocumentRequest request =
                    DocumentRequest.put(collection, id, next.get(), version, Updater.attemptKey(operationId, attempt));
            DocumentResult answer = decide(request, deadline);
            // A repeat of a call that ended before this attempt's answer (a crash): the attempt's key was decided
            // then, with the document of that time, and the service tells that first outcome.
            boolean repeated = answer.code() == ResultCode.IDEMPOTENCY_KEY_REUSED
                    && answer.firstOutcome().isPresent();
            DocumentResult result = repeated ? answer.firstOutcome().get() : answer;
            boolean conflict = result.code() == ResultCode.VERSION_CONFLICT;
            boolean gone = result.code() == ResultCode.NOT_FOUND; // deleted since it was read: create it
            if (!conflict && !gone) {
                return outcome(result, attempt);
            }
            if (repeated) {
                // That refusal told the document as it was then: read it as it is now.
                current = resends.read(() -> transport.read(collection, id), deadline)
                        .orElse(Document.absent(collection, id));
                if (attempt >= resends.policy().maxAttempts()) {
                    throw conflict(result, attempt);
                }
                continue;
            }
            current = new Document(
                    collection,
                    id,
                    result.currentVersion().orElse(0L),
                    result.lastUpdated(),
                    result.currentDocument().filter(JsonNode::isObject).map(ObjectNode.class::cast),
                    result.deleted().orElse(false),
                    false,
                    attempt);
            if (attempt >= resends.policy().maxAttempts()) {
                throw conflict(result, attempt);
            }
            Duration backoff = resends.policy().backoff(attempt);
            if (!resends.fits(backoff, deadline)) {
                throw conflict(result, attempt);
            }
            int attempts = attempt;
            resends.sleep(backoff, () -> conflict(result, attempts));
        }
    }

    @Override
    public Document apply(DocumentRequest request) {
        return outcome(decide(request, resends.deadline()), 1);
    }

    private DocumentResult decide(DocumentRequest request, long deadline) {
        return resends.until(
                        () -> transport.send(request),
                        outcome -> outcome instanceof Outcome.DocumentDecided decided
                                ? Optional.of(decided.result())
                                : Optional.empty(),
                        request.idempotencyKey(),
                        why -> new OutcomeUnknown(request, why),
                        deadline)
                .answer();
    }

    /** An applied result as the {@link Document} it left; every refusal as its exception. */
    static Document outcome(DocumentResult result, int attempts) {
        String message = result.error().orElse(result.code().name());
        return switch (result.code()) {
            case APPLIED ->
                new Document(
                        result.collection().orElseThrow(),
                        result.id().orElseThrow(),
                        result.version().orElseThrow(),
                        result.lastUpdated(),
                        result.document().filter(JsonNode::isObject).map(ObjectNode.class::cast),
                        result.deleted().orElse(false),
                        result.replayed(),
                        attempts);
            case VERSION_CONFLICT -> throw conflict(result, attempts);
            case CONSTRAINT_VIOLATION ->
                throw new ConstraintViolated(
                        result.violation().map(DocumentResult.Violation::path).orElse(""),
                        result.violation()
                                .map(DocumentResult.Violation::message)
                                .orElse(message),
                        message);
            case NOT_FOUND -> throw new NotFound(result.currentVersion().orElse(0L), message);
            case IDEMPOTENCY_KEY_REUSED ->
                throw new IdempotencyKeyReused(result.idempotencyKey().orElse(null), message);
            case INVALID_REQUEST,
                    VERSION_REQUIRED,
                    INSUFFICIENT_STOCK,
                    QUANTITY_OUT_OF_RANGE,
                    TRANSFER_ABORTED,
                    STREAM_VERSION_CONFLICT,
                    EVENT_ID_REUSED -> throw new Invalid(400, result.code().name(), message);
        };
    }

    private static DocumentConflict conflict(DocumentResult result, int attempts) {
        return new DocumentConflict(
                result.currentVersion().orElse(0L),
                result.currentDocument().filter(JsonNode::isObject).map(ObjectNode.class::cast),
                attempts,
                result.error().orElse("the document is at another version"));
    }
}
