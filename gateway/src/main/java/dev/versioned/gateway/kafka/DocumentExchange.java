package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.DocumentRequest;
import java.time.Duration;

/**
 * Sends one document write and waits for its outcome: {@link Outcome.DocumentDecided} when the processor decided
 * it, or one of the undecided outcomes. {@link RequestReplyClient} over Kafka.
 */
@FunctionalInterface
public interface DocumentExchange {
    Outcome exchange(DocumentRequest request, Duration timeout);
}
