package dev.versioned.schemas;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.Optional;

/**
 * What an append says of the stream's version before it: on the wire a number N (the stream's last position
 * must be N), {@code -1} (the stream must not exist yet), {@code "any"} (no check, the same as leaving it out)
 * or {@code "exists"} (the stream must have at least one event). Nothing else is accepted.
 */
@JsonSerialize(using = ExpectedVersion.Writer.class)
@JsonDeserialize(using = ExpectedVersion.Reader.class)
public sealed interface ExpectedVersion {

    /** No check. */
    record Any() implements ExpectedVersion {}

    /** The stream must have at least one event. */
    record Exists() implements ExpectedVersion {}

    /** The stream must not exist: {@code -1} on the wire. */
    record NoStream() implements ExpectedVersion {}

    /** The stream's version (its last event's position) must be {@code version}, 0 or more. */
    record Exactly(long version) implements ExpectedVersion {
        public Exactly {
            if (version < 0) {
                throw new IllegalArgumentException("an exact expected version is 0 or more, was " + version);
            }
        }
    }

    ExpectedVersion ANY = new Any();
    ExpectedVersion EXISTS = new Exists();
    ExpectedVersion NO_STREAM = new NoStream();

    /** {@code -1} for {@link NoStream}, N for {@link Exactly}. */
    static ExpectedVersion of(long version) {
        return version == -1 ? NO_STREAM : new Exactly(version);
    }

    /** Whether a stream whose version is {@code actual} (empty: no stream) satisfies this expectation. */
    default boolean admits(Optional<Long> actual) {
        if (this instanceof Exists) {
            return actual.isPresent();
        }
        if (this instanceof NoStream) {
            return actual.isEmpty();
        }
        if (this instanceof Exactly exactly) {
            return actual.isPresent() && actual.get() == exactly.version();
        }
        return true;
    }

    /** The wire form as text: {@code 3}, {@code -1}, {@code any} or {@code exists}. */
    default String text() {
        if (this instanceof Exactly exactly) {
            return Long.toString(exactly.version());
        }
        if (this instanceof NoStream) {
            return "-1";
        }
        return this instanceof Exists ? "exists" : "any";
    }

    /** Reads the text form {@link #text()} writes; empty for anything else. */
    static Optional<ExpectedVersion> parse(String text) {
        if ("any".equals(text)) {
            return Optional.of(ANY);
        }
        if ("exists".equals(text)) {
            return Optional.of(EXISTS);
        }
        if (text == null || !text.matches("-1|0|[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Writes a number for {@link Exactly} and {@link NoStream}, a string for the others. */
    final class Writer extends JsonSerializer<ExpectedVersion> {
        @Override
        public void serialize(ExpectedVersion value, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            if (value instanceof Exactly exactly) {
                out.writeNumber(exactly.version());
            } else if (value instanceof NoStream) {
                out.writeNumber(-1);
            } else {
                out.writeString(value.text());
            }
        }
    }

    /** Accepts an integer of -1 or more, {@code "any"} or {@code "exists"}; refuses the rest, naming them. */
    final class Reader extends JsonDeserializer<ExpectedVersion> {
        @Override
        public ExpectedVersion deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonToken token = in.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long version = in.getLongValue();
                if (version >= -1) {
                    return of(version);
                }
            } else if (token == JsonToken.VALUE_STRING) {
                String text = in.getText();
                if ("any".equals(text) || "exists".equals(text)) {
                    return parse(text).orElseThrow();
                }
            }
            throw InvalidFormatException.from(
                    in,
                    "expectedVersion must be a version (0 or more), -1 (no stream yet), \"any\" or \"exists\"",
                    in.getText(),
                    ExpectedVersion.class);
        }
    }
}
