package dev.versioned.client;

import dev.versioned.schemas.StreamResult;
import java.util.List;

/**
 * A definite, successful end of an append (or of {@link Streams#update} when there was nothing to append).
 *
 * @param stream the stream appended to
 * @param events the appended events' ids and positions, in order; empty when {@link Streams#update}'s decision was
 *     to append nothing (then nothing was sent)
 * @param version the stream's version after the append: its last event's position; when nothing was appended, the
 *     version the decision was made at ({@code -1}: no stream)
 * @param replayed true when the service answered with the recorded outcome of an earlier send of the same key (the
 *     first send's answer was lost, or the call was repeated): appended once, reported again
 * @param idempotencyKey the key of the append that was applied (null when nothing was sent)
 * @param attempts appends attempted (1 + definite version conflicts); 1 for {@link Streams#append}
 * @param resends sends repeated with the same key because an outcome was unknown or nothing was written
 */
public record Appended(
        String stream,
        List<StreamResult.Appended> events,
        long version,
        boolean replayed,
        String idempotencyKey,
        int attempts,
        int resends) {

    public Appended {
        events = List.copyOf(events);
    }

    /** True when events were appended; false when {@link Streams#update} had nothing to append. */
    public boolean changed() {
        return !events.isEmpty();
    }

    /** The position of the first appended event. */
    public long firstPosition() {
        if (events.isEmpty()) {
            throw new IllegalStateException("nothing was appended to " + stream);
        }
        return events.get(0).position();
    }

    /** The appended events' positions, in order. */
    public List<Long> positions() {
        return events.stream().map(StreamResult.Appended::position).toList();
    }
}
