package dev.versioned.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versioned.client.kafka.DocumentStateReader;
import dev.versioned.client.kafka.KafkaRequestReply;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentKey;
import dev.versioned.schemas.DocumentRequest;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;

/**
 * The {@link Documents} straight over Kafka: writes go to the requests topic (key = the document id) through
 * the request/reply core of a {@link KafkaInventory}, sharing its reply topic ({@link KafkaInventory#documents()});
 * reads come from the documents state topic ({@link DocumentStateReader}).
 *
 * <p>A write is checked before it is sent, as the gateway checks it: one that breaks a rule of the wire contract
 * ({@link DocumentRequest#problem}) is refused with {@link Invalid} 400 {@code INVALID_REQUEST}, one whose document
 * or merge patch is larger than the limit ({@link KafkaInventory.Builder#maxDocumentBytes}, measured by {@link
 * DocumentRequest#sizeOf}) with {@link Invalid} 413 {@code PAYLOAD_TOO_LARGE}; neither is sent.
 */
public final class KafkaDocuments extends DocumentWriter {

    KafkaDocuments(
            KafkaRequestReply requestReply,
            DocumentStateReader state,
            RetryPolicy policy,
            Duration timeout,
            int maxDocumentBytes) {
        super(new Direct(requestReply, state, timeout, maxDocumentBytes), policy);
    }

    /** One send through the request/reply core, one read through the state reader. */
    private record Direct(
            KafkaRequestReply requestReply, DocumentStateReader state, Duration timeout, int maxDocumentBytes)
            implements DocumentTransport {

        @Override
        public Optional<Document> read(String collection, String id) {
            try {
                // A deleted document answers as not found, as the gateway's 404 does.
                return state.read(new DocumentKey(collection, id))
                        .filter(record -> !record.deleted())
                        .map(record -> new Document(
                                collection,
                                id,
                                record.version(),
                                Optional.of(record.lastUpdated()),
                                record.document().filter(JsonNode::isObject).map(ObjectNode.class::cast),
                                false,
                                false,
                                1));
            } catch (KafkaException e) {
                throw new Unavailable("documents state topic not readable: " + e, e);
            }
        }

        @Override
        public Outcome send(DocumentRequest request) {
            SendChecks.check(request, maxDocumentBytes);
            return requestReply.exchange(request, timeout);
        }
    }
}
