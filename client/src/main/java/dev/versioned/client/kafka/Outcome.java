package dev.versioned.client.kafka;

import dev.versioned.schemas.UpdateResult;

/**
 * What became of one request sent over Kafka, as far as the sender can know. The gateway maps these to
 * HTTP (200/409/422, 503, 504, 429); the client maps them to retry decisions: only {@link Decided} is
 * definite, {@link Unknown} is resent with the same idempotency key, {@link NotWritten} and {@link Shed}
 * are resent after a backoff.
 */
public sealed interface Outcome {

    /** The processor decided it: applied or refused by the rules. */
    record Decided(UpdateResult result) implements Outcome {
    }

    /** The request certainly was not written to Kafka (refused before or by the producer). 503. */
    record NotWritten(String reason) implements Outcome {
    }

    /** It may or may not have been decided: deadline passed, or the send failed ambiguously. 504. */
    record Unknown(String reason) implements Outcome {
    }

    /** The gateway refused it before sending: too many pending requests. 429. */
    record Shed(String reason) implements Outcome {
    }
}
