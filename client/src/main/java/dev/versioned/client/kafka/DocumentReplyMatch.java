package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentRequest;
import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a document request asked: its reply must be a document result naming the same collection, id and
 * idempotency key (the processor echoes all three on every decision of a valid request). The reasons are
 * those of {@link ReplyMatch}: a correlation id is readable by anyone who reads the requests topic.
 *
 * @param collection the collection the request named
 * @param id the document id the request named
 * @param idempotencyKey the idempotency key the request carried
 */
public record DocumentReplyMatch(String collection, String id, String idempotencyKey) implements ExpectedReply {

    public DocumentReplyMatch {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** What {@code request} asked. */
    public static DocumentReplyMatch of(DocumentRequest request) {
        return new DocumentReplyMatch(request.collection(), request.id(), request.idempotencyKey());
    }

    /** True when {@code result} is about this request's collection, id and idempotency key. */
    public boolean accepts(DocumentResult result) {
        return mismatches(result).isEmpty();
    }

    @Override
    public List<String> mismatches(DocumentResult result) {
        List<String> fields = new ArrayList<>(3);
        ExpectedReply.check(fields, "collection", collection, result.collection());
        ExpectedReply.check(fields, "id", id, result.id());
        ExpectedReply.check(fields, "idempotencyKey", idempotencyKey, result.idempotencyKey());
        return fields;
    }

    /** An update's reply never answers a document request. */
    @Override
    public List<String> mismatches(UpdateResult result) {
        return List.of(RESULT_TYPE);
    }
}
