package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one document request: sent to the request's reply address (with the header
 * {@link ReplyHeaders#RESULT_TYPE} {@code document}) and to the documents results topic (key = id).
 *
 * <p>An applied write carries the new {@code version} and, unless it deleted, the resulting {@code document}.
 * A refusal carries {@code code} and a human-readable {@code error}; one about an existing document also
 * carries its {@code currentVersion} and {@code currentDocument} (or {@code deleted: true}), so that the writer
 * can merge and retry without a read. A {@link ResultCode#CONSTRAINT_VIOLATION} names the failing path of the
 * resulting document in {@code violation}.
 *
 * @param correlationId the correlation id of the request this answers (absent if it carried none)
 * @param replayed true when this is the recorded outcome of an earlier request with the same key
 * @param version the document's version after an applied write
 * @param expectedVersion the version the request said it read
 * @param document the document after an applied {@code PUT} or {@code PATCH}
 * @param currentVersion the document's version when a write is refused and it was ever written
 * @param currentDocument the live document when a write is refused
 * @param deleted true when the document is deleted (after an applied DELETE, or in a refusal)
 * @param firstOutcome on {@link ResultCode#IDEMPOTENCY_KEY_REUSED}: the outcome the key's first request got
 *     (replayed), so that a caller repeating an operation whose fields it no longer knows learns what the key
 *     decided without applying anything again
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DocumentResult(
        Optional<String> correlationId,
        Optional<String> collection,
        Optional<String> id,
        Optional<String> idempotencyKey,
        Optional<DocumentOperation> operation,
        boolean applied,
        ResultCode code,
        boolean replayed,
        Optional<Long> version,
        Optional<Long> expectedVersion,
        Optional<JsonNode> document,
        Optional<Instant> lastUpdated,
        Optional<Long> currentVersion,
        Optional<JsonNode> currentDocument,
        Optional<Boolean> deleted,
        Optional<Violation> violation,
        Optional<String> error,
        Optional<DocumentResult> firstOutcome)
        implements Outcome {

    /** A result without a first outcome: every result but {@link #keyReused}. */
    public DocumentResult(
            Optional<String> correlationId,
            Optional<String> collection,
            Optional<String> id,
            Optional<String> idempotencyKey,
            Optional<DocumentOperation> operation,
            boolean applied,
            ResultCode code,
            boolean replayed,
            Optional<Long> version,
            Optional<Long> expectedVersion,
            Optional<JsonNode> document,
            Optional<Instant> lastUpdated,
            Optional<Long> currentVersion,
            Optional<JsonNode> currentDocument,
            Optional<Boolean> deleted,
            Optional<Violation> violation,
            Optional<String> error) {
        this(
                correlationId,
                collection,
                id,
                idempotencyKey,
                operation,
                applied,
                code,
                replayed,
                version,
                expectedVersion,
                document,
                lastUpdated,
                currentVersion,
                currentDocument,
                deleted,
                violation,
                error,
                Optional.empty());
    }

    /**
     * Where the resulting document breaks its collection's schema.
     *
     * @param path the JSON Pointer of the failing value in the document ({@code ""} for the whole document)
     * @param message what the schema requires there
     */
    public record Violation(String path, String message) {

        /**
         * The most characters of {@code path} and of {@code message}: both come from the request (a member name can
         * be as long as the document), and a result must fit a Kafka record beside a document of the largest
         * allowed size.
         */
        public static final int MAX_CHARS = 512;

        public Violation {
            path = BoundedText.cut(path, MAX_CHARS);
            message = BoundedText.cut(message, MAX_CHARS);
        }
    }

    public DocumentResult {
        correlationId = orEmpty(correlationId);
        collection = orEmpty(collection);
        id = orEmpty(id);
        idempotencyKey = orEmpty(idempotencyKey);
        operation = orEmpty(operation);
        version = orEmpty(version);
        expectedVersion = orEmpty(expectedVersion);
        document = DocumentRequest.present(document);
        lastUpdated = orEmpty(lastUpdated);
        currentVersion = orEmpty(currentVersion);
        currentDocument = DocumentRequest.present(currentDocument);
        deleted = orEmpty(deleted);
        violation = orEmpty(violation);
        error = orEmpty(error);
        firstOutcome = orEmpty(firstOutcome);
        if (firstOutcome.isPresent() && code != ResultCode.IDEMPOTENCY_KEY_REUSED) {
            throw new IllegalArgumentException("only IDEMPOTENCY_KEY_REUSED carries a first outcome, code=" + code);
        }
        if (firstOutcome.flatMap(DocumentResult::firstOutcome).isPresent()) {
            // a first outcome is a recorded one, and IDEMPOTENCY_KEY_REUSED is never recorded
            throw new IllegalArgumentException("a first outcome never carries a first outcome of its own");
        }
        if (code == null) {
            throw new IllegalArgumentException("code is required");
        }
        if (applied != (code == ResultCode.APPLIED)) {
            throw new IllegalArgumentException("applied must be true exactly when code is APPLIED, code=" + code);
        }
    }

    /** An applied write: the document is now {@code after}. */
    public static DocumentResult applied(
            DocumentRequest request, Optional<String> correlationId, DocumentRecord after) {
        return new DocumentResult(
                correlationId,
                Optional.of(request.collection()),
                Optional.of(request.id()),
                Optional.of(request.idempotencyKey()),
                Optional.of(request.operation()),
                true,
                ResultCode.APPLIED,
                false,
                Optional.of(after.version()),
                request.version(),
                after.document(),
                Optional.of(after.lastUpdated()),
                Optional.empty(),
                Optional.empty(),
                after.deleted() ? Optional.of(true) : Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * A refused write of a valid request, with the document as it stands (absent if never written).
     *
     * @param violation where the resulting document breaks its schema, for {@link ResultCode#CONSTRAINT_VIOLATION}
     */
    public static DocumentResult refused(
            DocumentRequest request,
            Optional<String> correlationId,
            ResultCode code,
            String error,
            Optional<DocumentRecord> current,
            Optional<Violation> violation) {
        return new DocumentResult(
                correlationId,
                Optional.of(request.collection()),
                Optional.of(request.id()),
                Optional.of(request.idempotencyKey()),
                Optional.of(request.operation()),
                false,
                code,
                false,
                Optional.empty(),
                request.version(),
                Optional.empty(),
                current.map(DocumentRecord::lastUpdated),
                current.map(DocumentRecord::version),
                current.flatMap(DocumentRecord::document),
                current.filter(DocumentRecord::deleted).map(DocumentRecord::deleted),
                violation,
                Optional.of(error));
    }

    /** A request that could not be decided (invalid), naming whatever of it could be read. */
    public static DocumentResult rejected(
            Optional<String> collection,
            Optional<String> id,
            Optional<String> idempotencyKey,
            Optional<String> correlationId,
            String error) {
        return new DocumentResult(
                correlationId,
                collection,
                id,
                idempotencyKey,
                Optional.empty(),
                false,
                ResultCode.INVALID_REQUEST,
                false,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(error));
    }

    /** This recorded outcome as the answer to a retry: marked replayed, with the retry's correlation id. */
    public DocumentResult asReplayFor(Optional<String> retryCorrelationId) {
        return new DocumentResult(
                retryCorrelationId,
                collection,
                id,
                idempotencyKey,
                operation,
                applied,
                code,
                true,
                version,
                expectedVersion,
                document,
                lastUpdated,
                currentVersion,
                currentDocument,
                deleted,
                violation,
                error,
                firstOutcome);
    }

    /**
     * The refusal of a request whose idempotency key was already used for a different request on its document:
     * the first request's outcome (replayed) in {@code firstOutcome}, the document's current version beside it.
     * The current document is left out: the first outcome may carry a document already, and a result must stay
     * within the size that every document limit allows.
     */
    public static DocumentResult keyReused(
            DocumentRequest request,
            Optional<String> correlationId,
            Optional<DocumentRecord> current,
            DocumentResult first) {
        return new DocumentResult(
                correlationId,
                Optional.of(request.collection()),
                Optional.of(request.id()),
                Optional.of(request.idempotencyKey()),
                Optional.of(request.operation()),
                false,
                ResultCode.IDEMPOTENCY_KEY_REUSED,
                false,
                Optional.empty(),
                request.version(),
                Optional.empty(),
                current.map(DocumentRecord::lastUpdated),
                current.map(DocumentRecord::version),
                Optional.empty(),
                current.filter(DocumentRecord::deleted).map(DocumentRecord::deleted),
                Optional.empty(),
                Optional.of("idempotency key '" + request.idempotencyKey() + "' was already used for a different"
                        + " request on " + request.key() + " (its outcome is in firstOutcome); use a new key for a"
                        + " new operation"),
                Optional.of(first.asReplayFor(Optional.empty())));
    }

    private static <T> Optional<T> orEmpty(Optional<T> value) {
        return value == null ? Optional.empty() : value;
    }
}
