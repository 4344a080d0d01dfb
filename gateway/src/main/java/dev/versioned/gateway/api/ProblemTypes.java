package dev.versioned.gateway.api;

import java.net.URI;
import java.util.Locale;

/**
 * The RFC 9457 {@code type} and {@code title} of every error code, in one place. A type is
 * {@link #BASE} followed by the code in lower case with hyphens ({@code VERSION_CONFLICT} is
 * {@code https://versioned.dev/problems/version-conflict}): a stable identifier, not a page; it need not
 * resolve. The {@code code} member of a problem carries the code itself, which clients act on.
 */
public final class ProblemTypes {

    /** The base of every problem type URI; changing it changes every type, so it does not change. */
    public static final String BASE = "https://versioned.dev/problems/";

    private ProblemTypes() {}

    /** The type URI of a code: a gateway {@link ErrorCode}, a result code, or {@code HTTP_<status>}. */
    public static URI type(String code) {
        return URI.create(BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The fixed, short title of a code; the message of one occurrence is the problem's {@code detail}. */
    public static String title(String code) {
        for (ErrorCode error : ErrorCode.values()) {
            if (error.name().equals(code)) {
                return error.title();
            }
        }
        return switch (code) {
            case "VERSION_CONFLICT" -> "Version conflict";
            case "INSUFFICIENT_STOCK" -> "Insufficient stock";
            case "IDEMPOTENCY_KEY_REUSED" -> "Idempotency key reused";
            case "QUANTITY_OUT_OF_RANGE" -> "Quantity out of range";
            case "VERSION_REQUIRED" -> "Version required";
            default -> humanised(code);
        };
    }

    /** {@code HTTP_418} is "HTTP 418", {@code SOME_CODE} "Some code": a code without a title of its own. */
    private static String humanised(String code) {
        if (code.startsWith("HTTP_")) {
            return "HTTP " + code.substring(5);
        }
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return words.isEmpty() ? "Error" : Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
