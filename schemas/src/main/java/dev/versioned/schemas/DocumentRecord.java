package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * The current state of one document: what the processor stores and publishes to the documents state topic
 * (key = {@link DocumentKey#asString()}, compacted).
 *
 * <p>A deleted document keeps its version and its place, with {@code deleted: true} and no body: a
 * tombstone would reset its version, and a writer still holding an older version must keep getting a refusal.
 *
 * @param version 1 after the first write, one more after every applied write
 * @param document the document; absent once deleted
 * @param deleted true once deleted (omitted when false)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DocumentRecord(
        String collection,
        String id,
        long version,
        Instant lastUpdated,
        Optional<JsonNode> document,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deleted) {

    public DocumentRecord {
        document = DocumentRequest.present(document);
        if (deleted == document.isPresent()) {
            throw new IllegalArgumentException("a document has a body exactly when it is not deleted");
        }
    }

    /** Reads the wire form, where {@code deleted} is omitted when false. */
    @JsonCreator
    static DocumentRecord fromJson(
            @JsonProperty("collection") String collection,
            @JsonProperty("id") String id,
            @JsonProperty("version") long version,
            @JsonProperty("lastUpdated") Instant lastUpdated,
            @JsonProperty("document") Optional<JsonNode> document,
            @JsonProperty("deleted") Boolean deleted) {
        return new DocumentRecord(
                collection, id, version, lastUpdated, DocumentRequest.present(document), Boolean.TRUE.equals(deleted));
    }

    /** A live document. */
    public static DocumentRecord live(DocumentKey key, long version, Instant at, JsonNode document) {
        return new DocumentRecord(key.collection(), key.id(), version, at, Optional.of(document), false);
    }

    /** A deleted document at {@code version}. */
    public static DocumentRecord deleted(DocumentKey key, long version, Instant at) {
        return new DocumentRecord(key.collection(), key.id(), version, at, Optional.empty(), true);
    }

    @JsonIgnore
    public DocumentKey key() {
        return new DocumentKey(collection, id);
    }
}
