package dev.versioned.processor.topology;

import dev.versioned.schemas.DeadLetter;
import dev.versioned.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** Builds the {@link DeadLetter} of a request that could not be accepted, keeping its original bytes. */
final class DeadLetters {

    /** Oversized payloads are cut to this many bytes; the dead letter still says their full size. */
    static final int MAX_PAYLOAD_BYTES = 16_384;

    private DeadLetters() {
    }

    static DeadLetter of(DeadLetterReason reason, String message, String topic, int partition, long offset,
                         long timestamp, String key, byte[] value, Headers headers, Optional<String> correlationId) {
        byte[] bytes = value == null ? new byte[0] : value;
        byte[] kept = bytes.length > MAX_PAYLOAD_BYTES ? Arrays.copyOf(bytes, MAX_PAYLOAD_BYTES) : bytes;
        Optional<String> text = utf8(kept);
        Map<String, String> headerText = new LinkedHashMap<>();
        for (Header header : headers) {
            headerText.put(header.key(), header.value() == null ? ""
                    : utf8(header.value()).orElse("base64:" + Base64.getEncoder().encodeToString(header.value())));
        }
        return new DeadLetter(reason, message, topic, partition, offset, Instant.ofEpochMilli(timestamp),
                Optional.ofNullable(key), correlationId,
                text.orElseGet(() -> Base64.getEncoder().encodeToString(kept)),
                text.isPresent() ? "utf-8" : "base64", bytes.length, headerText);
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
