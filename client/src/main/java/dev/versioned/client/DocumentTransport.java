package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentRequest;
import java.util.Optional;

/** One document send or read over one path (HTTP or Kafka), with no retrying: {@link DocumentWriter} decides. */
interface DocumentTransport {

    /**
     * The committed document, or empty when never written or deleted.
     *
     * @throws Unavailable when it could not be read just now (worth retrying)
     */
    Optional<Document> read(String collection, String id);

    /**
     * Sends once. {@link Outcome.DocumentDecided} for every answer of the processor; never throws for a transport
     * failure (that is {@link Outcome.Unknown} or {@link Outcome.NotWritten}).
     *
     * @throws NotAuthorized or {@link Invalid} when the request was refused before it could be written
     */
    Outcome send(DocumentRequest request);
}
