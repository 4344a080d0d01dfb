package dev.versioned.gateway.http;

import dev.versioned.gateway.api.EntityTags;
import dev.versioned.gateway.api.ErrorCode;

/**
 * The rule of every write decided at the version the caller read, written once: {@code If-Match} is required
 * (428 without), a strong tag naming a version of something that exists. A weak tag or one that is no version is
 * 412 (it can match nothing), {@code *} or a malformed header 400, {@code "0"} 412. Nothing is sent when refused.
 */
final class Preconditions {

    private Preconditions() {}

    /**
     * The version {@code ifMatch} names.
     *
     * @param method the request's method, as the messages name it
     * @param notDone what did not happen when the precondition fails ({@code deleted}, {@code written})
     * @param zeroMeaning the refusal of {@code If-Match: "0"}, which names nothing that exists
     */
    static long requiredVersion(String ifMatch, String method, String notDone, String zeroMeaning) {
        if (ifMatch == null) {
            throw new GatewayException(
                    ErrorCode.PRECONDITION_REQUIRED,
                    "If-Match is required: a " + method + " is decided at the version you read; send its ETag, e.g."
                            + " If-Match: \"12\"");
        }
        EntityTags.IfMatch condition = EntityTags.ifMatch(ifMatch);
        if (condition instanceof EntityTags.IfMatch.Malformed malformed) {
            throw GatewayException.invalid(malformed.reason());
        }
        if (condition instanceof EntityTags.IfMatch.NeverMatches never) {
            throw new GatewayException(ErrorCode.PRECONDITION_FAILED, never.reason() + "; nothing was " + notDone);
        }
        if (condition instanceof EntityTags.IfMatch.Any) {
            throw GatewayException.invalid("If-Match: * names no version, and a " + method
                    + " is decided at the version you read; send its ETag, e.g. If-Match: \"12\"");
        }
        long version = ((EntityTags.IfMatch.Version) condition).version();
        if (version == 0) {
            throw new GatewayException(ErrorCode.PRECONDITION_FAILED, zeroMeaning);
        }
        return version;
    }
}
