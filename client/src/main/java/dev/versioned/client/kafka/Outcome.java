package dev.versioned.client.kafka;

import dev.versioned.schemas.DocumentResult;
import dev.versioned.schemas.StreamResult;
import dev.versioned.schemas.UpdateResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one request sent over Kafka, as far as the sender can know. The gateway maps these to
 * HTTP (200/409/422, 503, 504, 429); the client maps them to retry decisions: only {@link Decided} is
 * definite, {@link Unknown} is resent with the same idempotency key, {@link NotWritten} and {@link Shed}
 * are resent after a backoff. An undecided outcome may carry the answerer's advice on when to try again
 * ({@code Retry-After} of an HTTP answer); Kafka outcomes carry none.
 */
public sealed interface Outcome {

    /** How long the answerer asked to wait before trying again; empty when it did not say. */
    default Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** The processor decided it: applied or refused by the rules. */
    record Decided(UpdateResult result) implements Outcome {}

    /**
     * The processor decided a document request: applied or refused by the rules. Only a document request's
     * exchange is answered with it; an update's or a transfer's never is.
     */
    record DocumentDecided(DocumentResult result) implements Outcome {}

    /**
     * The processor decided an append to a stream: applied or refused by the rules. Only an append's exchange is
     * answered with it.
     */
    record StreamDecided(StreamResult result) implements Outcome {}

    /** The request certainly was not written to Kafka (refused before or by the producer). 503. */
    record NotWritten(String reason, Optional<Duration> retryAfter) implements Outcome {

        public NotWritten {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public NotWritten(String reason) {
            this(reason, Optional.empty());
        }
    }

    /**
     * It may or may not have been decided: deadline passed, the send failed ambiguously, or the reply could
     * not be read. 504.
     *
     * @param reason what happened, for the caller's message
     * @param kind why the decision is not known; {@link Kind#NO_DECISION} unless said otherwise
     * @param retryAfter the answerer's advice on when to resend, if it gave one
     */
    record Unknown(String reason, Kind kind, Optional<Duration> retryAfter) implements Outcome {

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
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        /** An unknown outcome of this kind, without advice on when to resend. */
        public Unknown(String reason, Kind kind) {
            this(reason, kind, Optional.empty());
        }

        /** An unknown outcome because no decision arrived. */
        public Unknown(String reason) {
            this(reason, Kind.NO_DECISION, Optional.empty());
        }
    }

    /** The gateway refused it before sending: too many pending requests, or a rate limit. 429. */
    record Shed(String reason, Optional<Duration> retryAfter) implements Outcome {

        public Shed {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public Shed(String reason) {
            this(reason, Optional.empty());
        }
    }
}
