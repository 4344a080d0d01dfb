package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an append to a stream asked: its reply must be a stream result ({@code result-type: stream}) naming the same
 * stream and idempotency key (the processor echoes both on every decision of a valid append). The reasons are those
 * of {@link ReplyMatch}: a correlation id is readable by anyone who reads the requests topic.
 *
 * @param stream the stream the append named
 * @param idempotencyKey the idempotency key the append carried
 */
public record StreamReplyMatch(String stream, String idempotencyKey) implements ExpectedReply {

    public StreamReplyMatch {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** What {@code append} asked. */
    public static StreamReplyMatch of(StreamAppend append) {
        return new StreamReplyMatch(append.stream(), append.idempotencyKey());
    }

    /** True when {@code result} is about this append's stream and idempotency key. */
    public boolean accepts(StreamResult result) {
        return mismatches(result).isEmpty();
    }

    @Override
    public List<String> mismatches(StreamResult result) {
        List<String> fields = new ArrayList<>(2);
        ExpectedReply.check(fields, "stream", stream, result.stream());
        ExpectedReply.check(fields, "idempotencyKey", idempotencyKey, result.idempotencyKey());
        return fields;
    }

    /** An update's reply never answers an append. */
    @Override
    public List<String> mismatches(UpdateResult result) {
        return List.of(RESULT_TYPE);
    }

    /** A document's reply never answers an append. */
    @Override
    public List<String> mismatches(DocumentResult result) {
        return List.of(RESULT_TYPE);
    }
}
