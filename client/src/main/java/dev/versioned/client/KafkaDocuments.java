package dev.versioned.client;

import dev.versioned.client.kafka.KafkaRequestReply;
import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@link Documents} straight over Kafka: writes go to the requests topic (key = the document id) through
 * the request/reply core of a {@link KafkaInventory}, sharing its reply topic ({@link KafkaInventory#documents()}).
 * It does not read the documents state topic: {@link #read} answers empty, and {@link #update} starts as a
 * create, which for a document that exists costs one conflict that carries the current document (and the
 * change is computed from that).
 */
public final class KafkaDocuments extends DocumentWriter {

    KafkaDocuments(KafkaRequestReply requestReply, RetryPolicy policy, Duration requestTimeout) {
        super(new Direct(requestReply, requestTimeout), policy);
    }

    /** One send through the request/reply core; no reads. */
    private record Direct(KafkaRequestReply requestReply, Duration timeout) implements DocumentTransport {

        @Override
        public Optional<Document> read(String collection, String id) {
            return Optional.empty();
        }

        @Override
        public Outcome send(DocumentRequest request) {
            return requestReply.exchange(request, timeout);
        }
    }
}
