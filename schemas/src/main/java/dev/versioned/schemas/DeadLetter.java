package dev.versioned.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A request the processor could not accept, written to the dead-letter topic so that nothing is lost.
 *
 * @param payload the original value: as text when it is valid UTF-8, otherwise base64
 * @param payloadEncoding {@code utf-8} or {@code base64}
 * @param payloadBytes size of the original value; oversized payloads are truncated in {@code payload}
 * @param headers the original headers, decoded as UTF-8 text
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record DeadLetter(
        DeadLetterReason reason,
        String message,
        String topic,
        int partition,
        long offset,
        Instant timestamp,
        Optional<String> key,
        Optional<String> correlationId,
        String payload,
        String payloadEncoding,
        int payloadBytes,
        Map<String, String> headers) {

    public DeadLetter {
        key = key == null ? Optional.empty() : key;
        correlationId = correlationId == null ? Optional.empty() : correlationId;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
