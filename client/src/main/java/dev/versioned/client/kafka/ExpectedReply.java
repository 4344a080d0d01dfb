package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.UpdateResult;
import java.util.List;
import java.util.Optional;

/**
 * What a waiting request asked, so that only a reply about that same request can answer it: {@link ReplyMatch}
 * for an update or a transfer, {@link DocumentReplyMatch} for a document write. A reply of the other kind never
 * answers a request: an update's reply to a document request (or the reverse) is a mismatch on
 * {@value #RESULT_TYPE}.
 */
public sealed interface ExpectedReply permits ReplyMatch, DocumentReplyMatch {

    /** The mismatch named when a reply is of the other kind than the request waiting for it. */
    String RESULT_TYPE = "result-type";

    /** The names of the fields of an update's reply that differ from what was asked: empty when it matches. */
    List<String> mismatches(UpdateResult result);

    /** The names of the fields of a document reply that differ from what was asked: empty when it matches. */
    List<String> mismatches(DocumentResult result);

    /** The mismatches of a decided outcome ({@link Outcome.Decided} or {@link Outcome.DocumentDecided}). */
    default List<String> mismatches(Outcome decided) {
        if (decided instanceof Outcome.Decided update) {
            return mismatches(update.result());
        }
        if (decided instanceof Outcome.DocumentDecided document) {
            return mismatches(document.result());
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
