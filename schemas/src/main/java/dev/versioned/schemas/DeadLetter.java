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
 * @param headers the original headers, decoded as UTF-8 text (base64 otherwise), each name and value cut
 *                to a bounded length so that no request can make its dead letter too large to send
 * @param headersOmitted how many headers were left out of {@code headers} beyond the bounded count (absent when none)
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
        Map<String, String> headers,
        Optional<Integer> headersOmitted) {

    /** A dead letter whose headers all fit in {@code headers}. */
    public DeadLetter(
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
            Map<String, String> headers,
            int headersOmitted) {
        this(
                reason,
                message,
                topic,
                partition,
                offset,
                timestamp,
                key,
                correlationId,
                payload,
                payloadEncoding,
                payloadBytes,
                headers,
                Optional.of(headersOmitted));
    }

    public DeadLetter {
        key = key == null ? Optional.empty() : key;
        correlationId = correlationId == null ? Optional.empty() : correlationId;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        headersOmitted = headersOmitted == null ? Optional.empty() : headersOmitted.filter(n -> n > 0);
    }
}
