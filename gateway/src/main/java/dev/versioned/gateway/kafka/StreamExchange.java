package dev.versioned.gateway.kafka;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.StreamAppend;
import java.time.Duration;

/**
 * Sends one append to a stream and waits for its outcome: {@link Outcome.StreamDecided} when the processor decided
 * it, or one of the undecided outcomes. {@link RequestReplyClient} over Kafka.
 */
@FunctionalInterface
public interface StreamExchange {
    Outcome exchange(StreamAppend append, Duration timeout);
}
