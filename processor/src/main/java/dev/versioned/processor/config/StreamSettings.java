package dev.versioned.processor.config;

import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.TopicNames;

/**
 * Where appended events go, and how large an append may be.
 *
 * @param eventsTopic every appended event, key = stream, value = {@code StreamEvent}; kept forever by default
 * @param maxEvents the most events one append may carry
 * @param maxAppendBytes the largest append request, in bytes of its JSON
 */
public record StreamSettings(String eventsTopic, int maxEvents, int maxAppendBytes) {

    public static final String DEFAULT_EVENTS_TOPIC = TopicNames.STREAM_EVENTS;
    /** The largest value {@link #maxEvents} may take: an append's outcome names every event. */
    public static final int MAX_EVENTS_LIMIT = 1_000;

    public static final StreamSettings DEFAULTS = new StreamSettings(
            DEFAULT_EVENTS_TOPIC, StreamAppend.DEFAULT_MAX_EVENTS, StreamAppend.DEFAULT_MAX_APPEND_BYTES);

    public StreamSettings {
        if (!TopicNames.isValidName(eventsTopic)) {
            throw new SettingsException("topic name '" + eventsTopic + "' must be 1..249 characters of [a-zA-Z0-9._-]");
        }
        if (maxEvents < 1 || maxEvents > MAX_EVENTS_LIMIT) {
            throw new SettingsException(
                    "streams.max.events must be between 1 and " + MAX_EVENTS_LIMIT + ", was " + maxEvents);
        }
        if (maxAppendBytes < StreamAppend.MIN_APPEND_LIMIT || maxAppendBytes > StreamAppend.MAX_APPEND_LIMIT) {
            throw new SettingsException("streams.max.append.bytes must be between " + StreamAppend.MIN_APPEND_LIMIT
                    + " and " + StreamAppend.MAX_APPEND_LIMIT + ", was " + maxAppendBytes);
        }
    }

    public StreamSettings withEventsTopic(String topic) {
        return new StreamSettings(topic, maxEvents, maxAppendBytes);
    }
}
