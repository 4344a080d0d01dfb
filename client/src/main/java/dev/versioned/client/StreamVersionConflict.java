package dev.versioned.client;

import dev.versioned.schemas.ExpectedVersion;
import dev.versioned.schemas.StreamEvent;
import java.util.Optional;

/**
 * An append met another version of its stream than it expected ({@code STREAM_VERSION_CONFLICT}, HTTP 409): another
 * writer appended first, and nothing of this append was written. Carries what the writer needs to decide again
 * without a read: the stream's actual version and its last event. {@link Streams#update} only throws it once its
 * attempts are used up.
 */
public final class StreamVersionConflict extends InventoryException {

    private final String stream;
    private final transient ExpectedVersion expected;
    private final transient Optional<Long> actual;
    private final transient Optional<StreamEvent> lastEvent;
    private final int attempts;

    public StreamVersionConflict(
            String stream,
            ExpectedVersion expected,
            Optional<Long> actual,
            Optional<StreamEvent> lastEvent,
            int attempts,
            String message) {
        super("STREAM_VERSION_CONFLICT: " + stream + " expected " + expected.text() + ", is "
                + actual.map(String::valueOf).orElse("no stream") + " (" + message + "; after " + attempts
                + " attempt" + (attempts == 1 ? "" : "s") + ")");
        this.stream = stream;
        this.expected = expected;
        this.actual = actual;
        this.lastEvent = lastEvent;
        this.attempts = attempts;
    }

    public String stream() {
        return stream;
    }

    /** What the refused append expected. */
    public ExpectedVersion expected() {
        return expected;
    }

    /** The stream's version when the append was decided; empty when the stream does not exist. */
    public Optional<Long> actual() {
        return actual;
    }

    /** The stream's last event when the append was decided, when it has one. */
    public Optional<StreamEvent> lastEvent() {
        return lastEvent;
    }

    /** How many appends were attempted before giving up (1 for {@link Streams#append}). */
    public int attempts() {
        return attempts;
    }
}
