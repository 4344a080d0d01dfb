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
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds the {@link DeadLetter} of a request that could not be accepted. Its size is bounded whatever the
 * request carried ({@link OutputLimits}): the payload is cut at {@link #MAX_PAYLOAD_BYTES}, the key at
 * {@link OutputLimits#KEY_CHARS}, header names and values and their number too. The original record
 * stays on the requests topic, at the topic, partition and offset the dead letter names.
 */
final class DeadLetters {

    /** Oversized payloads are cut to this many bytes; the dead letter still says their full size. */
    static final int MAX_PAYLOAD_BYTES = 16_384;

    /** Where the original record is, and what it carried. */
    record Original(
            String topic, int partition, long offset, long timestamp, String key, byte[] value, Headers headers) {}

    private DeadLetters() {}

    /** A dead letter with the payload (cut) and a summary of the headers. */
    static DeadLetter of(DeadLetterReason reason, String message, Original original, Optional<String> correlationId) {
        byte[] bytes = original.value() == null ? new byte[0] : original.value();
        byte[] kept = bytes.length > MAX_PAYLOAD_BYTES ? Arrays.copyOf(bytes, MAX_PAYLOAD_BYTES) : bytes;
        Optional<String> text = utf8(kept);
        Map<String, String> headerText = new LinkedHashMap<>();
        int omitted = 0;
        for (Header header : original.headers()) {
            if (headerText.size() >= OutputLimits.HEADERS) {
                omitted++;
                continue;
            }
            String value = header.value() == null
                    ? ""
                    : utf8(header.value())
                            .orElseGet(() -> "base64:"
                                    + Base64.getEncoder()
                                            .encodeToString(Arrays.copyOf(
                                                    header.value(),
                                                    Math.min(header.value().length, OutputLimits.HEADER_VALUE_CHARS))));
            headerText.put(
                    OutputLimits.cut(header.key(), OutputLimits.HEADER_NAME_CHARS),
                    OutputLimits.cut(value, OutputLimits.HEADER_VALUE_CHARS));
        }
        return new DeadLetter(
                reason,
                OutputLimits.message(message),
                original.topic(),
                original.partition(),
                original.offset(),
                Instant.ofEpochMilli(original.timestamp()),
                Optional.ofNullable(original.key()).map(OutputLimits::key),
                correlationId,
                text.orElseGet(() -> Base64.getEncoder().encodeToString(kept)),
                text.isPresent() ? "utf-8" : "base64",
                bytes.length,
                headerText,
                omitted);
    }

    /**
     * A dead letter that only points at the original record: no payload, no headers. For a record whose
     * full dead letter could not be written either.
     */
    static DeadLetter pointer(DeadLetterReason reason, String message, Original original) {
        int headers = original.headers().toArray().length;
        return new DeadLetter(
                reason,
                OutputLimits.message(message),
                original.topic(),
                original.partition(),
                original.offset(),
                Instant.ofEpochMilli(original.timestamp()),
                Optional.ofNullable(original.key()).map(OutputLimits::key),
                Optional.empty(),
                "",
                "utf-8",
                original.value() == null ? 0 : original.value().length,
                Map.of(),
                headers);
    }

    /**
     * The headers the dead-letter record itself carries: the originals while they are small (so that a
     * tool can resend the request as it was), none otherwise.
     */
    static Headers reattached(Headers original) {
        long size = 0;
        for (Header header : original) {
            size += OutputLimits.utf8Length(header.key()) + (header.value() == null ? 0 : header.value().length);
        }
        return size <= OutputLimits.REATTACHED_HEADER_BYTES ? original : new RecordHeaders();
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
