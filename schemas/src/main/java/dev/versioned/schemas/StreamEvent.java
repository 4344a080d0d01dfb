package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of a stream as it is stored: the value of a record on the events topic (key = the stream, so that a
 * stream's events lie on one partition, in position order), and an item of a read.
 *
 * @param stream the stream it belongs to
 * @param position its position in the stream, from 0, without gaps
 * @param id its id (a UUID), unique within the stream within the idempotency retention
 * @param type what happened
 * @param data its payload
 * @param metadata what the writer kept beside it
 * @param time when the processor appended it (the stream time of the append)
 * @param globalPosition where the event lies on the events topic, {@code <partition>@<offset>}: set by a reader,
 *     absent on the topic itself (an event's offset is known only once it is written)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record StreamEvent(
        String stream,
        long position,
        String id,
        String type,
        JsonNode data,
        Optional<JsonNode> metadata,
        Instant time,
        Optional<String> globalPosition) {

    public StreamEvent {
        metadata = DocumentRequest.present(metadata);
        globalPosition = globalPosition == null ? Optional.empty() : globalPosition;
    }

    /** This event as read from partition {@code partition} at {@code offset} of the events topic. */
    public StreamEvent at(int partition, long offset) {
        return new StreamEvent(
                stream,
                position,
                id,
                type,
                data,
                metadata,
                time,
                Optional.of(ReplyHeaders.position(partition, offset)));
    }
}
