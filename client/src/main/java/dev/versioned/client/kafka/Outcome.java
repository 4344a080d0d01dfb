package dev.versioned.client.kafka;

import dev.versioned.schemas.UpdateResult;
import java.util.Objects;

/**
 * What became of one request sent over Kafka, as far as the sender can know. The gateway maps these to
 * HTTP (200/409/422, 503, 504, 429); the client maps them to retry decisions: only {@link Decided} is
 * definite, {@link Unknown} is resent with the same idempotency key, {@link NotWritten} and {@link Shed}
 * are resent after a backoff.
 */
public sealed interface Outcome {

    /** The processor decided it: applied or refused by the rules. */
    record Decided(UpdateResult result) implements Outcome {}

    /** The request certainly was not written to Kafka (refused before or by the producer). 503. */
    record NotWritten(String reason) implements Outcome {}

    /**
     * It may or may not have been decided: deadline passed, the send failed ambiguously, or the reply could
     * not be read. 504.
     *
     * @param reason what happened, for the caller's message
     * @param kind why the decision is not known; {@link Kind#NO_DECISION} unless said otherwise
     */
    record Unknown(String reason, Kind kind) implements Outcome {

        /** Why the sender does not know the decision; every kind is handled alike: resend with the same key. */
        public enum Kind {
            /** No decision reached the sender: deadline, ambiguous send failure, shutdown, interruption. */
            NO_DECISION,
            /**
             * A reply arrived but its value could not be read: the processor did decide, possibly applying
             * the update, and the sender cannot tell what it decided.
             */
            UNREADABLE_REPLY
        }

        public Unknown {
            Objects.requireNonNull(kind, "kind");
        }

        /** An unknown outcome because no decision arrived. */
        public Unknown(String reason) {
            this(reason, Kind.NO_DECISION);
        }
    }

    /** The gateway refused it before sending: too many pending requests. 429. */
    record Shed(String reason) implements Outcome {}
}
