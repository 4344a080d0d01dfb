package dev.versioned.gateway.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.versioned.schemas.StreamAppend;
import dev.versioned.schemas.TopicNames;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Event streams under {@code /v1/streams/{stream}}: the events topic that reads come from (the processor's
 * {@code streams.topic.events}), and the limits of one append, the processor's ({@code streams.max.events},
 * {@code streams.max.append.bytes}), so that an append over them is refused 413 here and never sent. A read page
 * stops at {@code maxPageBytes} of events (at least one event), whatever its {@code limit}.
 *
 * <pre>
 * streams:
 *   eventsTopic: streams.events
 *   maxEvents: 100
 *   maxAppendBytes: 262144
 *   maxPageBytes: 4194304
 * </pre>
 */
public class StreamsConfig {

    public static final String DEFAULT_EVENTS_TOPIC = TopicNames.STREAM_EVENTS;
    /** The processor's largest {@code streams.max.events}. */
    public static final int MAX_EVENTS_LIMIT = 1_000;

    public static final int DEFAULT_MAX_PAGE_BYTES = 4 << 20;

    @NotNull
    private String eventsTopic = DEFAULT_EVENTS_TOPIC;

    @Min(value = 1, message = "streams.maxEvents must be between 1 and 1000, as in the processor")
    @Max(value = MAX_EVENTS_LIMIT, message = "streams.maxEvents must be between 1 and 1000, as in the processor")
    private int maxEvents = StreamAppend.DEFAULT_MAX_EVENTS;

    @Min(
            value = StreamAppend.MIN_APPEND_LIMIT,
            message = "streams.maxAppendBytes must be at least 1024, as in the processor")
    @Max(
            value = StreamAppend.MAX_APPEND_LIMIT,
            message = "streams.maxAppendBytes must be at most 900000, as in the processor")
    private int maxAppendBytes = StreamAppend.DEFAULT_MAX_APPEND_BYTES;

    @Min(value = 65_536, message = "streams.maxPageBytes must be at least 65536")
    @Max(value = 64 << 20, message = "streams.maxPageBytes must be at most 67108864")
    private int maxPageBytes = DEFAULT_MAX_PAGE_BYTES;

    @JsonProperty
    public String getEventsTopic() {
        return eventsTopic;
    }

    @JsonProperty
    public void setEventsTopic(String eventsTopic) {
        this.eventsTopic = eventsTopic;
    }

    @JsonProperty
    public int getMaxEvents() {
        return maxEvents;
    }

    @JsonProperty
    public void setMaxEvents(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    @JsonProperty
    public int getMaxAppendBytes() {
        return maxAppendBytes;
    }

    @JsonProperty
    public void setMaxAppendBytes(int maxAppendBytes) {
        this.maxAppendBytes = maxAppendBytes;
    }

    @JsonProperty
    public int getMaxPageBytes() {
        return maxPageBytes;
    }

    @JsonProperty
    public void setMaxPageBytes(int maxPageBytes) {
        this.maxPageBytes = maxPageBytes;
    }

    @ValidationMethod(message = "streams.eventsTopic must be 1..249 characters of [a-zA-Z0-9._-]")
    @JsonIgnore
    public boolean isEventsTopicValid() {
        return eventsTopic == null || TopicNames.isValidName(eventsTopic);
    }
}
