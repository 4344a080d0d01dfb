package dev.versioned.client.kafka;

/**
 * Hooks of {@link KafkaRequestReply} for metrics, so that the core needs no metrics library: the gateway
 * feeds its Dropwizard meters from these, the Kafka-direct client ignores them by default.
 *
 * <p>Called on the caller's thread ({@link #roundTrip}) or on the reply consumer's thread
 * ({@link #lateReply}, {@link #rejectedReply}): implementations must be quick and must not throw.
 */
public interface RequestReplyListener {

    /** Does nothing. */
    RequestReplyListener NONE = new RequestReplyListener() {};

    /** A reply arrived in time; {@code nanos} from send to reply. */
    default void roundTrip(long nanos) {}

    /** A reply arrived for a request nobody waits for any more (its caller gave up, or it is not ours). */
    default void lateReply() {}

    /**
     * A reply carried a waiting request's correlation id but was about another update (store, product or
     * idempotency key differ): it was dropped and the request keeps waiting. Someone who can write the
     * requests topic copied the correlation id.
     */
    default void rejectedReply() {}
}
