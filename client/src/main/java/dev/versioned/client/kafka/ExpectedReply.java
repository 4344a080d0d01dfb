package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateResult;
import java.util.List;
import java.util.Optional;

/**
 * What a waiting request asked, so that only a reply about that same request can answer it: {@link ReplyMatch}
 * for an update or a transfer, {@link DocumentReplyMatch} for a document write, {@link StreamReplyMatch} for an
 * append to a stream. A reply of another kind never answers a request: an update's reply to a document request (or
 * any other pair of kinds) is a mismatch on {@value #RESULT_TYPE}.
 */
public sealed interface ExpectedReply permits ReplyMatch, DocumentReplyMatch, StreamReplyMatch {

    /** The mismatch named when a reply is of the other kind than the request waiting for it. */
    String RESULT_TYPE = "result-type";

    /** The names of the fields of an update's reply that differ from what was asked: empty when it matches. */
    List<String> mismatches(UpdateResult result);

    /** The names of the fields of a document reply that differ from what was asked: empty when it matches. */
    List<String> mismatches(DocumentResult result);

    /** The names of the fields of an append's reply that differ from what was asked: empty when it matches. */
    default List<String> mismatches(StreamResult result) {
        return List.of(RESULT_TYPE);
    }

    /**
     * The mismatches of a decided outcome ({@link Outcome.Decided}, {@link Outcome.DocumentDecided} or {@link
     * Outcome.StreamDecided}).
     */
    default List<String> mismatches(Outcome decided) {
        if (decided instanceof Outcome.Decided update) {
            return mismatches(update.result());
        }
        if (decided instanceof Outcome.DocumentDecided document) {
            return mismatches(document.result());
        }
        if (decided instanceof Outcome.StreamDecided append) {
            return mismatches(append.result());
        }
        throw new IllegalArgumentException("not a decided outcome: " + decided);
    }

    /** Adds {@code name} to {@code fields} unless {@code answered} is {@code asked}; absent counts as different. */
    static void check(List<String> fields, String name, String asked, Optional<String> answered) {
        if (!answered.map(asked::equals).orElse(false)) {
            fields.add(name);
        }
    }
}
