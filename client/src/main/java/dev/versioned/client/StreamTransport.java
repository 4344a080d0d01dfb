package dev.versioned.client;

import dev.versioned.client.kafka.Outcome;
import dev.versioned.schemas.StreamAppend;
import java.util.Optional;

/** One append or read of a stream over one path (HTTP or Kafka), with no retrying: {@link StreamWriter} decides. */
interface StreamTransport {

    /**
     * One page of the stream, from a source that has seen it at {@code minVersion} at least when given.
     *
     * @throws Unavailable when it could not be read just now (worth retrying)
     */
    StreamPage read(String stream, long from, int limit, Streams.Direction direction, Optional<Long> minVersion);

    /**
     * The stream's version, empty when it does not exist.
     *
     * @throws Unavailable when it could not be read just now (worth retrying)
     */
    Optional<Long> version(String stream);

    /**
     * Sends once. {@link Outcome.StreamDecided} for every answer of the processor; never throws for a transport
     * failure (that is {@link Outcome.Unknown}, {@link Outcome.NotWritten} or {@link Outcome.Shed}).
     *
     * @throws NotAuthorized or {@link Invalid} when the append was refused before it could be written
     */
    Outcome send(StreamAppend append);
}
