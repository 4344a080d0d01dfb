package dev.versioned.client;

import dev.versioned.schemas.StreamEvent;

/**
 * What a {@link CategorySubscription} does with each event of its category, one at a time, in each stream's order.
 * An event may be handled more than once (at-least-once): keep the handling idempotent, for instance by remembering
 * the last position handled per stream, or the event's {@link StreamEvent#globalPosition()}.
 */
@FunctionalInterface
public interface StreamEventHandler {

    /**
     * Handles one event, which carries its {@link StreamEvent#globalPosition()}. What it throws stops the
     * subscription at this event: nothing from it on is committed, so the group's next member (or a restart) begins
     * with it.
     */
    void handle(StreamEvent event) throws Exception;
}
