package dev.versioned.processor.topology;

import dev.versioned.schemas.BoundedText;
import java.nio.charset.StandardCharsets;

/**
 * Bounds on everything the processor copies from a request into what it writes: a request may carry
 * headers and keys up to the broker's own record limit, and an output built from them could then be too
 * large to send, which under exactly-once fails the whole transaction again on every try. Every echoed
 * value goes through here, so that results, replies and dead letters stay far below any sane
 * {@code max.request.size} / {@code message.max.bytes} (a dead letter is at most a few tens of KiB).
 */
final class OutputLimits {

    /** A record key copied onto an output (dead letter, refusal of a request without a productId). */
    static final int KEY_CHARS = 256;
    /** A value quoted inside an error message (the key of a KEY_MISMATCH, a malformed header value). */
    static final int QUOTED_CHARS = 64;
    /** A whole error message of a result or a dead letter. */
    static final int MESSAGE_CHARS = 1_024;
    /** Header names and values summarised in a dead letter, and how many headers are kept. */
    static final int HEADER_NAME_CHARS = 128;

    static final int HEADER_VALUE_CHARS = 256;
    static final int HEADERS = 32;
    /** Original headers are re-attached to a dead letter only while they stay this small in all. */
    static final int REATTACHED_HEADER_BYTES = 8_192;

    private OutputLimits() {}

    /** The text itself when it is at most {@code max} characters, else its start and how much was cut. */
    static String cut(String text, int max) {
        return BoundedText.cut(text, max);
    }

    static String key(String key) {
        return cut(key, KEY_CHARS);
    }

    static String quoted(String value) {
        return "'" + cut(value, QUOTED_CHARS) + "'";
    }

    static String message(String message) {
        return cut(message, MESSAGE_CHARS);
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
