package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.UpdateRequest;

/**
 * Observes what an {@link Inventory} puts on the wire: every send of an update request, first sends and
 * resends alike, and what each came to. For metrics, audit trails and tests that must see the retry loop
 * at work (how often an outcome was unknown, how often a key was resent, how often the answer was a
 * replay) without re-implementing it.
 *
 * <p>Called on the caller's thread, synchronously, once before and once after each send, in that order.
 * Implementations must be quick and thread-safe (one {@link Inventory} serves many threads). What a
 * listener throws is logged and ignored: an observer must never change what the loop decides.
 *
 * <p>Appends to a stream ({@link Streams}) are observed the same way, through {@link #sending(AppendSend)} and
 * {@link #sent(AppendSend, Outcome)}.
 *
 * <p>A send the service refused before it could be written ({@link NotAuthorized}, {@link Invalid} for an
 * unexpected status) gets {@link #sending} but no {@link #sent}: it ends the call with that exception.
 */
public interface SendListener {

    /** Does nothing. */
    SendListener NONE = new SendListener() {};

    /**
     * One send of one request.
     *
     * @param request the request exactly as sent (its idempotency key names the attempt)
     * @param attempt the attempt of {@link Inventory#update} it belongs to, 1-based; a new attempt (new key)
     *     follows only a definite {@code VERSION_CONFLICT}; always 1 for {@link Inventory#apply}
     * @param send 1 for the first send of this key, 2 and more for resends of the same key
     */
    record Send(UpdateRequest request, int attempt, int send) {

        /** True when this repeats an earlier send of the same key. */
        public boolean isResend() {
            return send > 1;
        }
    }

    /** Just before {@code send} goes out. */
    default void sending(Send send) {}

    /**
     * What {@code send} came to: {@link Outcome.Decided} for an answer of the processor (a replay has
     * {@code replayed} set), {@link Outcome.Unknown} when it may or may not have been applied (resent with the
     * same key), {@link Outcome.NotWritten} or {@link Outcome.Shed} when the service says nothing was written.
     */
    default void sent(Send send, Outcome outcome) {}

    /**
     * One send of one append to a stream.
     *
     * @param append the append exactly as sent (its idempotency key names the attempt)
     * @param attempt the attempt of {@link Streams#update} it belongs to, 1-based; a new attempt (new key) follows
     *     only a definite {@code STREAM_VERSION_CONFLICT}; always 1 for {@link Streams#apply}
     * @param send 1 for the first send of this key, 2 and more for resends of the same key
     */
    record AppendSend(StreamAppend append, int attempt, int send) {

        /** True when this repeats an earlier send of the same key. */
        public boolean isResend() {
            return send > 1;
        }
    }

    /** Just before an append goes out. */
    default void sending(AppendSend send) {}

    /**
     * What an append's send came to: {@link Outcome.StreamDecided} for an answer of the processor (a replay has
     * {@code replayed} set), or one of the undecided outcomes, as for {@link #sent(Send, Outcome)}.
     */
    default void sent(AppendSend send, Outcome outcome) {}
}
