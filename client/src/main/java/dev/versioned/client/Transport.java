package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.InventoryRecord;
import dev.versioned.schemas.TransferRequest;
import dev.versioned.schemas.UpdateRequest;
import java.util.Optional;

/**
 * One send or read over one path (HTTP or Kafka), with no retrying: {@link Updater} decides what to repeat.
 * Both paths speak {@link Outcome}, the request/reply core's own vocabulary.
 */
interface Transport {

    /**
     * The committed record, or empty when never written.
     *
     * @throws Unavailable when it could not be read just now (worth retrying)
     * @throws NotAuthorized or {@link Invalid} when retrying cannot help
     */
    Optional<InventoryRecord> read(String storeId, String productId);

    /**
     * Sends once. {@link Outcome.Decided} for every answer of the processor; never throws for a transport
     * failure (that is {@link Outcome.Unknown} or {@link Outcome.NotWritten}).
     *
     * @throws NotAuthorized or {@link Invalid} when the request was refused before it could be written
     */
    Outcome send(UpdateRequest request);

    /** Sends a transfer once, as {@link #send(UpdateRequest)} does an update. */
    Outcome send(TransferRequest transfer);
}
