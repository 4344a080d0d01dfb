package dev.versioned.client;

import dev.versioned.schemas.StreamEvent;
import java.util.List;
import java.util.Optional;

/**
 * One page of a stream's events, as {@link Streams#read} returns it.
 *
 * @param stream the stream read
 * @param version the stream's version when it was read (its last event's position); empty when the stream does not
 *     exist
 * @param events the events of the page in the order asked (ascending positions forward, descending backward), each
 *     with its {@code globalPosition} when the source knows it
 * @param next where the next page starts ({@code from} of the next read in the same direction); empty when this page
 *     reached the stream's end (forward, as of the read) or its first event (backward)
 */
public record StreamPage(String stream, Optional<Long> version, List<StreamEvent> events, Optional<Long> next) {

    public StreamPage {
        events = List.copyOf(events);
    }

    /** The page of a stream that does not exist. */
    static StreamPage none(String stream) {
        return new StreamPage(stream, Optional.empty(), List.of(), Optional.empty());
    }
}
