package dev.versioned.processor.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versioned.schemas.DocumentRecord;
import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.ResultCode;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision rules of a document write, in order, without any I/O: given the request and the document as
 * it stands, the outcome and the new state. The version is checked first (a writer who read another version
 * learns that before anything else), then the document the write would make: its size, then its collection's
 * schema.
 *
 * <ul>
 *   <li>{@code PUT} at version 0 creates: refused {@code VERSION_CONFLICT} if the document exists; a deleted
 *       document is created again at its version + 1 (versions never go back).</li>
 *   <li>{@code PUT}, {@code PATCH} and {@code DELETE} at version v need the live document at v: none (never
 *       written, or deleted) is {@code NOT_FOUND}, another version {@code VERSION_CONFLICT}.</li>
 *   <li>{@code PATCH} merges its patch into the current document (RFC 7396) here, in the partition's one
 *       thread: two writers patching different members at the same version still conflict.</li>
 *   <li>A resulting document larger than the limit, or breaking the schema, is {@code CONSTRAINT_VIOLATION}
 *       naming the failing path.</li>
 * </ul>
 */
public final class DocumentRules {

    private final int maxDocumentBytes;

    public DocumentRules(int maxDocumentBytes) {
        this.maxDocumentBytes = maxDocumentBytes;
    }

    /** An outcome and, when applied, the document's new state. */
    public record Decision(DocumentResult result, Optional<DocumentRecord> newState) {}

    public Decision decide(
            DocumentRequest request,
            Optional<String> correlationId,
            Optional<DocumentRecord> current,
            CollectionSchema schema,
            Instant now) {
        long expected = request.version().orElseThrow();
        Optional<DocumentRecord> live = current.filter(d -> !d.deleted());
        if (expected == 0) {
            if (live.isPresent()) {
                return refuse(
                        request,
                        correlationId,
                        ResultCode.VERSION_CONFLICT,
                        request.key() + " exists at version " + live.get().version()
                                + "; replace it with that version, or read it first",
                        current);
            }
        } else if (live.isEmpty()) {
            return refuse(request, correlationId, ResultCode.NOT_FOUND, notFound(request, current), current);
        } else if (live.get().version() != expected) {
            return refuse(
                    request,
                    correlationId,
                    ResultCode.VERSION_CONFLICT,
                    "expected version " + expected + " but " + request.key() + " is at version "
                            + live.get().version(),
                    current);
        }
        long next = current.map(DocumentRecord::version).orElse(0L) + 1;
        DocumentRecord after = switch (request.operation()) {
            case PUT ->
                DocumentRecord.live(request.key(), next, now, request.document().orElseThrow());
            case PATCH ->
                DocumentRecord.live(
                        request.key(),
                        next,
                        now,
                        MergePatch.apply(
                                live.orElseThrow().document().orElseThrow(),
                                request.patch().orElseThrow()));
            case DELETE -> DocumentRecord.deleted(request.key(), next, now);
        };
        if (!after.deleted()) {
            Optional<DocumentResult.Violation> violation =
                    violation(after.document().orElseThrow(), schema);
            if (violation.isPresent()) {
                return new Decision(
                        DocumentResult.refused(
                                request,
                                correlationId,
                                ResultCode.CONSTRAINT_VIOLATION,
                                "the document would break the schema of collection '" + request.collection()
                                        + "' at '" + violation.get().path() + "': "
                                        + violation.get().message(),
                                current,
                                violation),
                        Optional.empty());
            }
        }
        return new Decision(DocumentResult.applied(request, correlationId, after), Optional.of(after));
    }

    private Optional<DocumentResult.Violation> violation(JsonNode document, CollectionSchema schema) {
        if (!document.isObject()) {
            return Optional.of(new DocumentResult.Violation("", "a document must be a JSON object"));
        }
        int bytes = DocumentRequest.sizeOf(document);
        if (bytes > maxDocumentBytes) {
            return Optional.of(new DocumentResult.Violation(
                    "", "the document is " + bytes + " bytes, more than the limit of " + maxDocumentBytes));
        }
        return schema.violation(document);
    }

    private static String notFound(DocumentRequest request, Optional<DocumentRecord> current) {
        return current.map(deleted -> request.key() + " was deleted at version " + deleted.version()
                        + "; create it again with version 0")
                .orElse(request.key() + " does not exist; create it with a PUT at version 0");
    }

    private static Decision refuse(
            DocumentRequest request,
            Optional<String> correlationId,
            ResultCode code,
            String error,
            Optional<DocumentRecord> current) {
        return new Decision(
                DocumentResult.refused(request, correlationId, code, error, current, Optional.empty()),
                Optional.empty());
    }
}
