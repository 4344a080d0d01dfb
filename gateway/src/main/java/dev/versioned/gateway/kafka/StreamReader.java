package dev.versioned.gateway.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Reads event streams for GET. {@link StreamView} over the events topic. */
public interface StreamReader {

    boolean isCaughtUp();

    /** Why the reader does not serve at all (its topic does not exist); empty when it serves or is loading. */
    default Optional<String> notServing() {
        return Optional.empty();
    }

    /** The stream's version (its last event's position); empty when the stream has no event. */
    Optional<Long> version(String stream);

    /** The stream's version once it is {@code minVersion} or more, or as it stands after {@code maxWait}. */
    Optional<Long> awaitVersion(String stream, long minVersion, Duration maxWait) throws InterruptedException;

    /**
     * The stored events (each a {@code StreamEvent} as JSON, with its {@code globalPosition}) of positions {@code
     * first} to {@code last}, both included: forward from {@code first}, or backward from {@code last} when {@code
     * backward}; at most {@code limit}, and no more once they add up to {@code maxBytes} (at least one).
     */
    List<byte[]> events(String stream, long first, long last, boolean backward, int limit, long maxBytes);

    /** A reader that holds no stream: a resource test's view answers with it. */
    static StreamReader empty(BooleanSupplier caughtUp) {
        return new StreamReader() {
            @Override
            public boolean isCaughtUp() {
                return caughtUp.getAsBoolean();
            }

            @Override
            public Optional<Long> version(String stream) {
                return Optional.empty();
            }

            @Override
            public Optional<Long> awaitVersion(String stream, long minVersion, Duration maxWait) {
                return Optional.empty();
            }

            @Override
            public List<byte[]> events(
                    String stream, long first, long last, boolean backward, int limit, long maxBytes) {
                return List.of();
            }
        };
    }
}
