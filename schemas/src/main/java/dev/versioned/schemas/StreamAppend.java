package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An append of events to one stream, as written to the requests topic (key = {@code stream}) and made by the
 * gateway from {@code POST /v1/streams/{stream}}. Told apart from other requests by its member {@code stream}.
 *
 * <p>The append is atomic: its events get consecutive positions after the stream's last one, or none is written.
 * A parsed append is not necessarily a valid one: {@link #problem} decides that, so that a malformed append can
 * still be answered naming its stream.
 *
 * @param stream the stream's name, {@code category-id}: 1..128 characters of {@code [A-Za-z0-9._:-]}, not
 *     beginning with {@code -}; its category is what precedes the first {@code -} (the whole name without one)
 * @param expectedVersion what the writer read; absent means {@link ExpectedVersion#ANY}
 * @param idempotencyKey the writer's key for this append
 * @param events 1 or more events (at most the processor's configured maximum), in the order they get positions
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record StreamAppend(
        String stream, Optional<ExpectedVersion> expectedVersion, String idempotencyKey, List<NewEvent> events) {

    /** The default most events of one append. */
    public static final int DEFAULT_MAX_EVENTS = 100;
    /** The default largest append request, in bytes of its JSON. */
    public static final int DEFAULT_MAX_APPEND_BYTES = 262_144;
    /** The smallest and the largest request limit a deployment may set (the latter below Kafka's message size). */
    public static final int MIN_APPEND_LIMIT = 1_024;

    public static final int MAX_APPEND_LIMIT = 900_000;

    public StreamAppend {
        expectedVersion = expectedVersion == null ? Optional.empty() : expectedVersion;
        events = events == null ? null : List.copyOf(events);
    }

    /** An append with this expectation. */
    public static StreamAppend of(
            String stream, ExpectedVersion expected, String idempotencyKey, List<NewEvent> events) {
        return new StreamAppend(stream, Optional.of(expected), idempotencyKey, events);
    }

    /** The expectation in force: {@link ExpectedVersion#ANY} when none was given. */
    @JsonIgnore
    public ExpectedVersion expected() {
        return expectedVersion.orElse(ExpectedVersion.ANY);
    }

    /** Whether {@code name} is a valid stream name. */
    public static boolean isStream(String name) {
        return UpdateRequestValidator.isId(name) && name.charAt(0) != '-';
    }

    /** The category of a valid stream name: what precedes its first {@code -}, or the whole name. */
    public static String categoryOf(String stream) {
        int dash = stream.indexOf('-');
        return dash < 0 ? stream : stream.substring(0, dash);
    }

    /** This append's stream's category. */
    @JsonIgnore
    public String category() {
        return categoryOf(stream);
    }

    /**
     * The id of event {@code index}: its own, else one derived from the stream, the idempotency key and the index
     * (a name-based UUID), the same for every resend of the append.
     */
    public String eventId(int index) {
        return events.get(index)
                .id()
                .map(id -> id.toLowerCase(java.util.Locale.ROOT))
                .orElseGet(() -> UUID.nameUUIDFromBytes(("event|" + stream + '|' + idempotencyKey + '|' + index)
                                .getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    /** Every event's id, in order: {@link #eventId} of each (derive them once per decision). */
    public List<String> eventIds() {
        List<String> ids = new java.util.ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ids.add(eventId(i));
        }
        return ids;
    }

    /** The first rule the append breaks, as a message for the caller naming the member; empty when valid. */
    public Optional<String> problem() {
        if (stream == null) {
            return Optional.of("stream is required");
        }
        if (!isStream(stream)) {
            return Optional.of("stream must be 1..128 characters of [A-Za-z0-9._:-], not beginning with '-'");
        }
        if (idempotencyKey == null) {
            return Optional.of("idempotencyKey is required");
        }
        if (!UpdateRequestValidator.isKey(idempotencyKey)) {
            return Optional.of("idempotencyKey must be 1..128 printable ASCII characters");
        }
        if (events == null || events.isEmpty()) {
            return Optional.of("events is required: 1 or more events");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            if (event == null) {
                return Optional.of("events[" + i + "] must be an object");
            }
            Optional<String> problem = event.problem(i);
            if (problem.isPresent()) {
                return problem;
            }
            if (event.id().isPresent() && !ids.add(event.id().get().toLowerCase(java.util.Locale.ROOT))) {
                return Optional.of("events[" + i + "].id repeats an earlier event's id of this append");
            }
        }
        return Optional.empty();
    }
}
